/**
 * Audit digests in the manner of CloudTrail's: `auditDigests/{n}` lists, in order, the id and hash of every event
 * since digest n-1, chains digest n-1's hash, and is HMAC-signed with BEZ_AUDIT_KEY. Two signed markers sit beside
 * them in `auditState`: `head` (the newest digest: deleting the last digests shows) and `anchor` (the newest digest
 * that retention purged: the chain starts after it).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { DocData, DocSnapshot } from "../../ports.ts";
import { canonicalJson } from "./canonical-json.ts";

export const digestCollection = "auditDigests";
export const headPath = "auditState/head";
export const anchorPath = "auditState/anchor";

/** Zero-padded so document ids sort in digest order. */
export const digestPath = (n: number) => `${digestCollection}/${String(n).padStart(10, "0")}`;

/** A position in the event order: by time, then by id. */
export interface EventMark {
  at: Date;
  id: string;
}

export function compareMarks(a: EventMark, b: EventMark): number {
  const byTime = a.at.getTime() - b.at.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** What a digest signs. */
export interface DigestFields {
  n: number;
  createdAt: Date;
  firstAt: Date;
  firstId: string;
  lastAt: Date;
  lastId: string;
  count: number;
  eventIds: string[];
  eventHashes: string[];
  previousDigestHash: string | null;
}

export interface DigestDoc extends DigestFields {
  signature: string;
}

/** `head` and `anchor`: which digest, and its hash and last event. */
interface MarkerFields {
  n: number;
  digestHash: string;
  lastAt: Date;
  lastId: string;
}

export interface MarkerDoc extends MarkerFields {
  signature: string;
}

/** As stored: the fields are all store values. */
export const asDocData = (record: DigestDoc | MarkerDoc): DocData => ({ ...record }) as unknown as DocData;

function sign(auditKey: Uint8Array, payload: string): string {
  return createHmac("sha256", auditKey).update(payload, "utf8").digest("base64url");
}

function signatureMatches(auditKey: Uint8Array, payload: string, signature: unknown): boolean {
  if (typeof signature !== "string") return false;
  const expected = Buffer.from(sign(auditKey, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function digestPayload(d: DigestFields): string {
  const listing = createHash("sha256");
  d.eventIds.forEach((id, i) => listing.update(`${id} ${d.eventHashes[i] ?? ""}\n`, "utf8"));
  return canonicalJson({
    kind: "bez-audit-digest/1",
    n: d.n,
    createdAt: d.createdAt.toISOString(),
    firstAt: d.firstAt.toISOString(),
    firstId: d.firstId,
    lastAt: d.lastAt.toISOString(),
    lastId: d.lastId,
    count: d.count,
    events: listing.digest("base64url"),
    previousDigestHash: d.previousDigestHash,
  });
}

export function signDigest(auditKey: Uint8Array, d: DigestFields): DigestDoc {
  return { ...d, signature: sign(auditKey, digestPayload(d)) };
}

/** The hash the next digest chains: over the signed content and the signature. */
export function digestHash(d: DigestDoc): string {
  return createHash("sha256").update(`${digestPayload(d)}.${d.signature}`, "utf8").digest("base64url");
}

function markerPayload(kind: "head" | "anchor", m: MarkerFields): string {
  return canonicalJson({ kind: `bez-audit-${kind}/1`, n: m.n, digestHash: m.digestHash, lastAt: m.lastAt.toISOString(), lastId: m.lastId });
}

export function markerFor(auditKey: Uint8Array, kind: "head" | "anchor", d: DigestDoc): MarkerDoc {
  const m = { n: d.n, digestHash: digestHash(d), lastAt: d.lastAt, lastId: d.lastId };
  return { ...m, signature: sign(auditKey, markerPayload(kind, m)) };
}

/** Reads a stored digest; null when its shape or signature is not what this code signed. */
export function readDigest(auditKey: Uint8Array, snap: DocSnapshot): DigestDoc | null {
  const d = snap.data as unknown as Partial<DigestDoc>;
  const wellFormed =
    typeof d.n === "number" &&
    d.createdAt instanceof Date &&
    d.firstAt instanceof Date &&
    d.lastAt instanceof Date &&
    typeof d.firstId === "string" &&
    typeof d.lastId === "string" &&
    typeof d.count === "number" &&
    Array.isArray(d.eventIds) &&
    Array.isArray(d.eventHashes) &&
    d.eventIds.length === d.count &&
    d.eventHashes.length === d.count &&
    (d.previousDigestHash === null || typeof d.previousDigestHash === "string");
  if (!wellFormed) return null;
  const digest = d as DigestDoc;
  return signatureMatches(auditKey, digestPayload(digest), digest.signature) ? digest : null;
}

export function readMarker(auditKey: Uint8Array, kind: "head" | "anchor", snap: DocSnapshot): MarkerDoc | null {
  const m = snap.data as unknown as Partial<MarkerDoc>;
  if (typeof m.n !== "number" || typeof m.digestHash !== "string" || !(m.lastAt instanceof Date) || typeof m.lastId !== "string") {
    return null;
  }
  const marker = m as MarkerDoc;
  return signatureMatches(auditKey, markerPayload(kind, marker), marker.signature) ? marker : null;
}
