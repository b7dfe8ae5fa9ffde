/**
 * A BlobStore over a Cloud Storage bucket. The bucket is passed in (firebase-admin's
 * `getStorage(app).bucket(name)`), so this module never initializes an app or reads configuration.
 */
import type { Storage } from "firebase-admin/storage";
import type { Readable } from "node:stream";
import type { BlobStore } from "../../ports.ts";
import { blobKeySegments, blobPrefixSegments } from "../fs-blobs/keys.ts";

/** @google-cloud/storage's Bucket, named through firebase-admin, the package functions/ depends on. */
export type Bucket = ReturnType<Storage["bucket"]>;

/** Parallel deletes per batch in deleteByPrefix: fast, without flooding the API. */
const DELETE_CONCURRENCY = 16;

export function createCloudStorageBlobStore(bucket: Bucket): BlobStore {
  async function deleteObject(key: string): Promise<boolean> {
    try {
      await bucket.file(key).delete();
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async function listObjects(prefix: string): Promise<string[]> {
    blobPrefixSegments(prefix);
    const [files] = await bucket.getFiles({ prefix, autoPaginate: true });
    return files.map((file) => file.name).sort();
  }

  return {
    async put(key: string, data: Uint8Array, contentType?: string): Promise<void> {
      blobKeySegments(key);
      // A single-request upload is all-or-nothing in GCS: readers see the old object or the new one.
      await bucket.file(key).save(data, { resumable: false, contentType: contentType ?? "application/octet-stream" });
    },

    async get(key: string): Promise<Readable | null> {
      blobKeySegments(key);
      const file = bucket.file(key);
      const [found] = await file.exists();
      return found ? file.createReadStream() : null;
    },

    async exists(key: string): Promise<boolean> {
      blobKeySegments(key);
      const [found] = await bucket.file(key).exists();
      return found;
    },

    async delete(key: string): Promise<boolean> {
      blobKeySegments(key);
      return deleteObject(key);
    },

    list: listObjects,

    async deleteByPrefix(prefix: string): Promise<number> {
      const keys = await listObjects(prefix);
      let count = 0;
      for (let start = 0; start < keys.length; start += DELETE_CONCURRENCY) {
        const deleted = await Promise.all(keys.slice(start, start + DELETE_CONCURRENCY).map(deleteObject));
        count += deleted.filter(Boolean).length;
      }
      return count;
    },

    async ping(): Promise<void> {
      // Listing needs only the permission list() already needs.
      await bucket.getFiles({ maxResults: 1, autoPaginate: false });
    },
  };
}

function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === 404;
}
