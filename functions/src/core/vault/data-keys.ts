/**
 * One 256-bit data key per user at `keys/{uid}`, wrapped by the key ring. Created lazily, in a transaction, on
 * the first write that needs it, so concurrent first uploads (in any number of processes) end with one key.
 * Unwrapped keys are cached briefly so hot paths do not call the key ring every time; `destroy` and `forget`
 * drop them, and the short TTL bounds how long another instance can keep using a destroyed key.
 */
import { randomBytes } from "node:crypto";
import type { Clock, DocData, DocumentStore, KeyRing, WrappedKey } from "../../ports.ts";
import { StoreError } from "../../ports.ts";
import { refuseIfErasing } from "../deletion/fence.ts";

export interface DataKeyDoc extends DocData {
  kekId: string;
  wrapped: Uint8Array;
  createdAt: Date;
}

export const dataKeyPath = (uid: string) => `keys/${uid}`;
export const dataKeyCollection = "keys";

export interface DataKeyDeps {
  store: DocumentStore;
  keyRing: KeyRing;
  clock: Clock;
}

export interface DataKeys {
  /** The user's data key, created on first use. */
  obtain(uid: string): Promise<Uint8Array>;
  /** The user's data key, or null when they have none (then nothing of theirs can be decrypted anyway). */
  find(uid: string): Promise<Uint8Array | null>;
  /** Crypto-shredding: deletes the wrapped key, so every ciphertext of the user is dead. */
  destroy(uid: string): Promise<void>;
  /** Drops a cached key, e.g. after another process destroyed it. */
  forget(uid: string): void;
}

export interface DataKeyCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

const defaultCache: DataKeyCacheOptions = { ttlMs: 60_000, maxEntries: 1000 };
const DATA_KEY_BYTES = 32;

const toWrapped = (doc: DocData): WrappedKey => {
  const { kekId, wrapped } = doc as DataKeyDoc;
  return { kekId, wrapped };
};

export function createDataKeys(deps: DataKeyDeps, cacheOptions: DataKeyCacheOptions = defaultCache): DataKeys {
  // A Map iterates in insertion order: re-inserting on use makes the first entry the least recently used.
  const cache = new Map<string, { key: Uint8Array; expiresAt: number }>();
  const loading = new Map<string, { promise: Promise<Uint8Array | null>; creates: boolean }>();

  function cached(uid: string): Uint8Array | null {
    const entry = cache.get(uid);
    if (!entry) return null;
    cache.delete(uid);
    if (entry.expiresAt <= deps.clock.now().getTime()) return null;
    cache.set(uid, entry);
    return entry.key;
  }

  function remember(uid: string, key: Uint8Array): void {
    cache.delete(uid);
    cache.set(uid, { key, expiresAt: deps.clock.now().getTime() + cacheOptions.ttlMs });
    while (cache.size > cacheOptions.maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
  }

  /** One load per uid at a time; a load that `forget` overtook does not repopulate the cache. */
  function load(uid: string, create: boolean): Promise<Uint8Array | null> {
    const hit = cached(uid);
    if (hit) return Promise.resolve(hit);
    const inFlight = loading.get(uid);
    if (inFlight && (inFlight.creates || !create)) return inFlight.promise;
    const entry = {
      creates: create,
      promise: (create ? getOrCreate(deps, uid) : read(deps, uid)).then(
        (key) => {
          if (loading.get(uid) === entry) {
            loading.delete(uid);
            if (key) remember(uid, key);
          }
          return key;
        },
        (error: unknown) => {
          if (loading.get(uid) === entry) loading.delete(uid);
          throw error;
        },
      ),
    };
    loading.set(uid, entry);
    return entry.promise;
  }

  // Forgotten keys are dropped, not zeroed: a request already holding one may still be using it.
  function forget(uid: string): void {
    cache.delete(uid);
    loading.delete(uid);
  }

  return {
    async obtain(uid) {
      const key = await load(uid, true);
      if (!key) throw new Error("data key creation returned nothing");
      return key;
    },
    find: (uid) => load(uid, false),
    async destroy(uid) {
      forget(uid);
      await deps.store.delete(dataKeyPath(uid));
      forget(uid);
    },
    forget,
  };
}

async function read(deps: DataKeyDeps, uid: string): Promise<Uint8Array | null> {
  const snapshot = await deps.store.get(dataKeyPath(uid));
  return snapshot ? deps.keyRing.unwrap(uid, toWrapped(snapshot.data)) : null;
}

async function getOrCreate(deps: DataKeyDeps, uid: string): Promise<Uint8Array> {
  const path = dataKeyPath(uid);
  try {
    return await deps.store.runTransaction(async (tx) => {
      const existing = await tx.get(path);
      if (existing) return deps.keyRing.unwrap(uid, toWrapped(existing.data));
      // After the shred a new key would make whatever is written next readable again.
      await refuseIfErasing(tx, uid);
      const key = randomBytes(DATA_KEY_BYTES);
      const { kekId, wrapped } = await deps.keyRing.wrap(uid, key);
      const doc: DataKeyDoc = { kekId, wrapped, createdAt: deps.clock.now() };
      tx.create(path, doc);
      return key;
    });
  } catch (error) {
    // Another process created it between our read and our commit: theirs is the key.
    if (!(error instanceof StoreError && error.code === "already-exists")) throw error;
    const key = await read(deps, uid);
    if (!key) throw error;
    return key;
  }
}

export interface RewrapReport {
  scanned: number;
  rewrapped: number;
  alreadyCurrent: number;
}

/**
 * Re-wraps every data key not already under the key ring's active KEK, each in its own transaction. Resumable by
 * nature: a re-run skips keys that are done. Never reads or returns key material beyond the transaction.
 */
export async function rewrapDataKeys(
  deps: Omit<DataKeyDeps, "clock">,
  options: { pageSize?: number; onPage?: (report: RewrapReport) => void } = {},
): Promise<RewrapReport> {
  const report: RewrapReport = { scanned: 0, rewrapped: 0, alreadyCurrent: 0 };
  const active = deps.keyRing.activeKekId;
  let cursor: string | undefined;
  do {
    const page = await deps.store.query({ collection: dataKeyCollection, limit: options.pageSize ?? 200, startAfter: cursor });
    for (const doc of page.docs) {
      report.scanned++;
      const changed = await deps.store.runTransaction(async (tx) => {
        const current = await tx.get(doc.path);
        if (!current || (current.data as DataKeyDoc).kekId === active) return false;
        const key = await deps.keyRing.unwrap(doc.id, toWrapped(current.data));
        const { kekId, wrapped } = await deps.keyRing.wrap(doc.id, key);
        key.fill(0);
        tx.update(doc.path, { kekId, wrapped });
        return true;
      });
      if (changed) report.rewrapped++;
      else report.alreadyCurrent++;
    }
    options.onPage?.({ ...report });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return report;
}
