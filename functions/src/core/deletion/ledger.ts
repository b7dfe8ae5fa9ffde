/**
 * The erasure ledger: one entry per erased account, named by the keyed hash of its uid (HMAC-SHA256 under
 * BEZ_AUDIT_KEY, the audit pseudonym's hash) and holding nothing else that identifies anyone. It outlives the
 * account so that data a restore brings back (a Firestore backup or point-in-time recovery, soft-deleted objects)
 * can be recognised and erased again (reapply.ts). Each entry is kept twice, as `erasures/{hash}` in the document
 * store and as the object `erasures/{hash}` in the blob store: restoring one of the two never rolls back the other.
 */
import { createHmac } from "node:crypto";
import type { BlobStore, Clock, DocumentStore } from "../../ports.ts";

export const erasuresCollection = "erasures";
export const ledgerBlobPrefix = "erasures/";

export interface LedgerDeps {
  store: DocumentStore;
  blobs: BlobStore;
  clock: Clock;
  auditKey: Uint8Array;
}

export const erasureHash = (auditKey: Uint8Array, uid: string) => createHmac("sha256", auditKey).update(uid, "utf8").digest("base64url");

/** Idempotent; written before any of the account's data is touched. */
export async function recordErasure(deps: LedgerDeps, uid: string): Promise<void> {
  const hash = erasureHash(deps.auditKey, uid);
  await deps.store.set(`${erasuresCollection}/${hash}`, { recordedAt: deps.clock.now() });
  await deps.blobs.put(`${ledgerBlobPrefix}${hash}`, new Uint8Array(0), "application/octet-stream");
}

/** Whether the uid was erased, by either copy of the ledger; a copy found missing (restored away) is written again. */
export async function wasErased(deps: LedgerDeps, uid: string): Promise<boolean> {
  const hash = erasureHash(deps.auditKey, uid);
  const [doc, blob] = await Promise.all([deps.store.get(`${erasuresCollection}/${hash}`), deps.blobs.exists(`${ledgerBlobPrefix}${hash}`)]);
  if (!doc && !blob) return false;
  if (!doc || !blob) await recordErasure(deps, uid);
  return true;
}
