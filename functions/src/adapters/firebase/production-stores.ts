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

export function createProductionStores(app: App, bucket: string | null): { store: DocumentStore; blobs: BlobStore } {
  return {
    store: createFirestoreStore(getFirestore(app)),
    blobs: createCloudStorageBlobStore(getStorage(app).bucket(bucket ?? undefined)),
  };
}
