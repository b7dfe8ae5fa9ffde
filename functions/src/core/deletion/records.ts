/**
 * Erasure records. `deletions/{id}` is the receipt: status, progress and counts, never a uid or an email, kept
 * after the account is gone. `deletionJobs/{id}` is the short-lived work record that alone knows whose account it
 * is, plus the lease that keeps two workers off one deletion; its uid is dropped before the store is compacted and
 * the record itself goes when the receipt is completed.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { DeletionReceipt } from "@bez/contracts";
import type { DocData } from "../../ports.ts";

export type RemovedCounts = DeletionReceipt["removed"];

export interface DeletionDoc extends DocData {
  status: "pending" | "complete";
  /** How many steps are done (see steps.ts). */
  step: number;
  requestedAt: Date;
  completedAt: Date | null;
  updatedAt: Date;
  removed: RemovedCounts;
  signature: string | null;
}

export interface DeletionJobDoc extends DocData {
  /** Whose account; null once every trace of it is gone and only compaction and the receipt remain. */
  uid: string | null;
  leaseOwner: string | null;
  leaseUntil: Date;
  attempts: number;
  createdAt: Date;
  /** When the final re-sweep is due; null until the erasure first reaches its grace step (absent on older records). */
  resweepAt: Date | null;
}

export const deletionsCollection = "deletions";
export const deletionJobsCollection = "deletionJobs";
export const deletionPath = (id: string) => `${deletionsCollection}/${id}`;
export const deletionJobPath = (id: string) => `${deletionJobsCollection}/${id}`;

export const noneRemoved = (): RemovedCounts => ({
  images: 0,
  generations: 0,
  blobs: 0,
  tokens: 0,
  documents: 0,
  auditEventsPseudonymized: 0,
});

type UnsignedReceipt = Omit<DeletionReceipt, "signature">;

export function toReceipt(id: string, doc: DeletionDoc): DeletionReceipt {
  return {
    deletionId: id,
    status: doc.status,
    requestedAt: doc.requestedAt.toISOString(),
    completedAt: doc.completedAt?.toISOString() ?? null,
    removed: { ...noneRemoved(), ...doc.removed },
    signature: doc.signature,
  };
}

const receiptKey = (auditKey: Uint8Array) => Buffer.from(hkdfSync("sha256", auditKey, new Uint8Array(0), "bez deletion receipt v1", 32));

/** Fields in a fixed order, so the signature never depends on how JSON happened to order keys. */
function canonical(receipt: UnsignedReceipt): string {
  const r = receipt.removed;
  return JSON.stringify([
    receipt.deletionId,
    receipt.status,
    receipt.requestedAt,
    receipt.completedAt,
    [r.images, r.generations, r.blobs, r.tokens, r.documents, r.auditEventsPseudonymized],
  ]);
}

/** HMAC-SHA256 (base64url) under a key derived from BEZ_AUDIT_KEY for this purpose only. */
export function signReceipt(auditKey: Uint8Array, receipt: UnsignedReceipt): string {
  return createHmac("sha256", receiptKey(auditKey)).update(canonical(receipt)).digest("base64url");
}

export function verifyReceipt(auditKey: Uint8Array, receipt: DeletionReceipt): boolean {
  if (receipt.signature === null) return false;
  const expected = Buffer.from(signReceipt(auditKey, receipt));
  const given = Buffer.from(receipt.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
