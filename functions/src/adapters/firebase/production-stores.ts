/**
 * The production DocumentStore and BlobStore (Firestore, Cloud Storage) on an admin app. A module of its own, loaded
 * only when production is composed: their SDKs are heavy, and the embedded stack should not carry them in memory.
 */
import type { App } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
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

/**
 * Firestore on the emulator (firebase-admin finds it through FIRESTORE_EMULATOR_HOST), without Cloud Storage. The
 * emulator serves queries production would refuse, so the adapter checks them against the declared indexes first.
 */
export function createEmulatedFirestore(app: App, database: string, indexes: unknown): DocumentStore {
  return createFirestoreStore(getFirestore(app, database), { indexes });
}
