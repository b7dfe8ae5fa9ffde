/**
 * Idempotency-Key for POST /v1/generations: the same key and the same request within 24 h get the original answer;
 * the same key with another request is 409 idempotency-key-reused; a duplicate arriving while the first is still
 * being served is 409 conflict. Only accepted (2xx) answers are kept: after an error the key is free again, so a
 * client can retry a refused request (a 429, say) with the key it already has.
 *
 * Records live in the document store at `users/{uid}/idempotency/{sha256(key)}` rather than in Redis: a replayed
 * key must never create a second generation (real work, real quota), so the record needs the store's durability,
 * while Redis here holds only what is harmless to lose. Under the user, they go with the account on erasure; the
 * key is hashed because it is the client's text. Expiry is checked on read; Firestore's TTL policy on `expiresAt`
 * (firestore.indexes.json) removes old records.
 */
import { createHash } from "node:crypto";
import type { Clock, DocData, DocumentStore } from "../../ports.ts";
import { DomainError } from "../errors.ts";

export const idempotencyTtlSeconds = 24 * 3600;
/** A pending record older than this belongs to a request that died; the key may be used again. */
const pendingTimeoutSeconds = 120;

interface IdempotencyDoc extends DocData {
  requestHash: string;
  state: "pending" | "done";
  status: number | null;
  body: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export type IdempotencyClaim = { kind: "new"; path: string } | { kind: "replay"; status: number; body: string };

/** 1–255 printable ASCII characters. */
export const isValidIdempotencyKey = (key: string) => /^[\x20-\x7e]{1,255}$/.test(key);

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A stable hash of a flat request object: key order and JSON spacing do not make two requests different. */
export function requestHash(request: Record<string, unknown>): string {
  return sha256(JSON.stringify(Object.keys(request).sort().map((k) => [k, request[k]])));
}

export async function claimIdempotencyKey(
  deps: { store: DocumentStore; clock: Clock },
  uid: string,
  key: string,
  hash: string,
): Promise<IdempotencyClaim> {
  const path = `users/${uid}/idempotency/${sha256(key)}`;
  return deps.store.runTransaction(async (tx) => {
    const now = deps.clock.now();
    const existing = (await tx.get(path))?.data as IdempotencyDoc | undefined;
    if (existing && existing.expiresAt > now) {
      if (existing.requestHash !== hash) {
        throw new DomainError("idempotency-key-reused", "This Idempotency-Key was already used with a different request. Use a new key for a new request.");
      }
      if (existing.state === "done" && existing.status !== null && existing.body !== null) {
        return { kind: "replay", status: existing.status, body: existing.body };
      }
      if (now.getTime() - existing.createdAt.getTime() < pendingTimeoutSeconds * 1000) {
        throw new DomainError("conflict", "A request with this Idempotency-Key is still being processed. Retry in a moment to get its answer.", undefined, {
          "Retry-After": "1",
        });
      }
    }
    const record: IdempotencyDoc = {
      requestHash: hash,
      state: "pending",
      status: null,
      body: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + idempotencyTtlSeconds * 1000),
    };
    tx.set(path, record);
    return { kind: "new", path };
  });
}

export async function completeIdempotencyKey(store: DocumentStore, path: string, status: number, body: string): Promise<void> {
  await store.update(path, { state: "done", status, body });
}

export async function releaseIdempotencyKey(store: DocumentStore, path: string): Promise<void> {
  await store.delete(path);
}
