/**
 * Idempotency-Key for POST /v1/generations: the same key and the same request within 24 h get the original answer;
 * the same key with another request is 409 idempotency-key-reused. Only accepted (2xx) answers are kept: a refused
 * request (a 429, say) stores nothing, so a client can retry it with the key it already has.
 *
 * The record is written in the very transaction that stores the generation, holding the answer: there is no
 * pending state, so a duplicate racing the first is serialized by the store and replays its answer, and a crash can
 * never leave a key claimed without a generation (or a generation without its key). A plain read before the work
 * answers the common replay without touching the rate limits or the quota.
 *
 * Records live in the document store at `users/{uid}/idempotency/{sha256(key)}` rather than in Redis: a replayed
 * key must never create a second generation (real work, real quota), so the record needs the store's durability,
 * while Redis here holds only what is harmless to lose. Under the user, they go with the account on erasure; the
 * key is hashed because it is the client's text. Expiry is checked on read; Firestore's TTL policy on `expiresAt`
 * (firestore.indexes.json) removes old records.
 */
import { createHash } from "node:crypto";
import type { DocData, DocSnapshot, Transaction } from "../../ports.ts";
import { DomainError } from "../errors.ts";

export const idempotencyTtlSeconds = 24 * 3600;

interface IdempotencyDoc extends DocData {
  requestHash: string;
  status: number;
  body: string;
  createdAt: Date;
  expiresAt: Date;
}

/** A client's key for one request, ready to be checked and recorded. */
export interface IdempotencyClaim {
  path: string;
  hash: string;
}

/** The original answer to send again. */
export interface Replay {
  status: number;
  body: string;
}

/** 1–255 printable ASCII characters. */
export const isValidIdempotencyKey = (key: string) => /^[\x20-\x7e]{1,255}$/.test(key);

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A stable hash of a flat request object: key order and JSON spacing do not make two requests different. */
export function requestHash(request: Record<string, unknown>): string {
  return sha256(JSON.stringify(Object.keys(request).sort().map((k) => [k, request[k]])));
}

/** Validates the header's value and names its record; undefined when the request carries no key. */
export function idempotencyClaim(uid: string, key: string | undefined, request: Record<string, unknown>): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  if (!isValidIdempotencyKey(key)) {
    throw new DomainError("invalid-request", "Idempotency-Key must be 1 to 255 printable ASCII characters.", [
      { path: "Idempotency-Key", message: "1–255 printable ASCII characters" },
    ]);
  }
  return { path: `users/${uid}/idempotency/${sha256(key)}`, hash: requestHash(request) };
}

/** The stored answer for this claim, null when the key is free; 409 idempotency-key-reused for another request. */
export function replayOf(snapshot: DocSnapshot | null, claim: IdempotencyClaim, now: Date): Replay | null {
  const existing = snapshot?.data as IdempotencyDoc | undefined;
  if (!existing || existing.expiresAt <= now || typeof existing.body !== "string") return null;
  if (existing.requestHash !== claim.hash) {
    throw new DomainError("idempotency-key-reused", "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
  }
  return { status: existing.status, body: existing.body };
}

/** Records the accepted answer, in the transaction that did the work (after its reads). */
export function recordAnswer(tx: Transaction, claim: IdempotencyClaim, answer: Replay, now: Date): void {
  const record: IdempotencyDoc = {
    requestHash: claim.hash,
    status: answer.status,
    body: answer.body,
    createdAt: now,
    expiresAt: new Date(now.getTime() + idempotencyTtlSeconds * 1000),
  };
  tx.set(claim.path, record);
}
