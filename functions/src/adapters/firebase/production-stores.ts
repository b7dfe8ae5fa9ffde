/**
 * The production DocumentStore and BlobStore (Firestore, Cloud Storage) on an admin app. A module of its own, loaded
 * only when production is composed: their SDKs are heavy, and the embedded stack should not carry them in memory.
 */
import type { App } from "firebase-admin/app";
import { type Firestore, getFirestore } from "firebase-admin/firestore";
import { getStorage } from "firebase-admin/storage";
import type { BlobStore, DocumentStore } from "../../ports.ts";
import { createCloudStorageBlobStore } from "../cloud-storage/blob-store.ts";
import { createFirestoreStore } from "../firestore/document-store.ts";

export function createProductionStores(app: App, bucket: string | null, database: string): { store: DocumentStore; blobs: BlobStore } {
  return {
    store: createFirestoreStore(getFirestore(app, database)),
    blobs: createCloudStorageBlobStore(getStorage(app).bucket(bucket ?? undefined)),
  };
}

/** A BlobStore over another bucket of the project (the audit head witness's). */
export function createBucketBlobStore(app: App, bucket: string | null): BlobStore {
  if (!bucket) throw new Error("BEZ_AUDIT_WITNESS_BUCKET is required in production");
  return createCloudStorageBlobStore(getStorage(app).bucket(bucket));
}

/**
 * Firestore on the emulator at `host` (host:port), without Cloud Storage. The emulator serves queries production would
 * refuse, so the adapter checks them against the declared indexes first.
 */
export function createEmulatedFirestore(app: App, database: string, host: string, indexes: unknown): DocumentStore {
  return createFirestoreStore(firestoreOnEmulator(app, database, host), { indexes });
}

/** A Firestore client for the emulator at `host`, told so explicitly rather than through FIRESTORE_EMULATOR_HOST. */
export function firestoreOnEmulator(app: App, database: string, host: string): Firestore {
  const db = getFirestore(app, database);
  // ssl:false is the SDK's emulator mode (admin "owner" access, no credentials). The universe domain is named, because
  // otherwise each gRPC connection asks Application Default Credentials for it, and off Google Cloud that probes the
  // GCE metadata server over the network.
  db.settings({ host, ssl: false, universeDomain: "googleapis.com" });
  return db;
}
