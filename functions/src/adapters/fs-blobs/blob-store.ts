/**
 * A BlobStore on the local filesystem, for the embedded stack (one Node process owns the directory).
 * put writes a temp file beside the target, fsyncs it, renames it over the target and fsyncs the directory,
 * so a crash at any point leaves the old blob or the new one, never a torn one.
 */
import { mkdirSync, readdirSync, unlinkSync } from "node:fs";
import { access, constants, mkdir, open, readdir, rename, rm, rmdir, stat, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import type { BlobStore } from "../../ports.ts";
import { blobKeySegments, blobPrefixSegments } from "./keys.ts";
import { blobFilePath, isTempFile, keySegmentOfFile, prefixDirectory, tempFilePathFor } from "./layout.ts";

export interface FsBlobStoreOptions {
  /** The root directory; created if missing. */
  dir: string;
}

/** A concurrent prune can remove a fresh directory before the temp file lands in it; this many tries is plenty. */
const MAX_PUT_ATTEMPTS = 5;
/** Largest single read in get(). */
const MAX_READ_BYTES = 4 * 1024 * 1024;

export function createFsBlobStore({ dir }: FsBlobStoreOptions): BlobStore {
  const root = resolve(dir);
  // Synchronous on purpose: a bad directory fails at start-up, and no operation can race the sweep.
  mkdirSync(root, { recursive: true });
  removeTempFiles(root);

  /** Removes empty directories from `start` up to (not including) the root; returns the deepest survivor. */
  async function pruneEmptyDirectories(start: string): Promise<string> {
    let current = start;
    while (current !== root && (await removeDirectoryIfEmpty(current))) current = dirname(current);
    return current;
  }

  return {
    async put(key: string, data: Uint8Array): Promise<void> {
      // contentType is not kept: the port hands back bytes only.
      const target = blobFilePath(root, blobKeySegments(key));
      const temp = tempFilePathFor(target);
      await writeTempFile(temp, data);
      try {
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      await fsyncDirectory(dirname(target));
    },

    async get(key: string): Promise<Readable | null> {
      const path = blobFilePath(root, blobKeySegments(key));
      try {
        // Opening first pins this version: a later overwrite or delete cannot change what the stream reads.
        const handle = await open(path, "r");
        let size: number;
        try {
          ({ size } = await handle.stat());
        } catch (error) {
          await handle.close();
          throw error;
        }
        // Reads sized to the blob: no 64 KiB round trips through the thread pool, no spare allocation at the end.
        return handle.createReadStream(size > 0 ? { end: size - 1, highWaterMark: Math.min(size, MAX_READ_BYTES) } : {});
      } catch (error) {
        if (errorCode(error) === "ENOENT") return null;
        throw error;
      }
    },

    async exists(key: string): Promise<boolean> {
      const path = blobFilePath(root, blobKeySegments(key));
      try {
        return (await stat(path)).isFile();
      } catch (error) {
        if (errorCode(error) === "ENOENT") return false;
        throw error;
      }
    },

    async delete(key: string): Promise<boolean> {
      const path = blobFilePath(root, blobKeySegments(key));
      if (!(await unlinkIfPresent(path))) return false;
      await fsyncDirectory(await pruneEmptyDirectories(dirname(path)));
      return true;
    },

    async list(prefix: string): Promise<string[]> {
      const keys: string[] = [];
      await collectKeys(prefixDirectory(root, blobPrefixSegments(prefix)), prefix, keys);
      // Code-unit order equals Cloud Storage's byte order here: keys are ASCII.
      return keys.sort();
    },

    async deleteByPrefix(prefix: string): Promise<number> {
      const directory = prefixDirectory(root, blobPrefixSegments(prefix));
      const count = await deleteBlobsUnder(directory);
      await fsyncDirectory(await pruneEmptyDirectories(directory));
      return count;
    },

    async ping(): Promise<void> {
      await access(root, constants.R_OK | constants.W_OK);
    },
  };
}

/** Writes the temp file, remaking its directory if a concurrent prune removed it first. */
async function writeTempFile(temp: string, data: Uint8Array): Promise<void> {
  const directory = dirname(temp);
  for (let attempt = 1; ; attempt++) {
    const firstCreated = await mkdir(directory, { recursive: true });
    if (firstCreated !== undefined) await fsyncNewDirectories(firstCreated, directory);
    try {
      await writeFileDurably(temp, data);
      return;
    } catch (error) {
      if (errorCode(error) !== "ENOENT" || attempt === MAX_PUT_ATTEMPTS) throw error;
    }
  }
}

async function writeFileDurably(path: string, data: Uint8Array): Promise<void> {
  const handle = await open(path, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(path, { force: true });
    throw error;
  }
  await handle.close();
}

/** Makes a directory's entries (a rename, a new child) durable. Gone already: nothing left to persist. */
async function fsyncDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** mkdir -p made `firstCreated` and its descendants down to `deepest`; persist each new entry in its parent. */
async function fsyncNewDirectories(firstCreated: string, deepest: string): Promise<void> {
  for (let current = deepest; current !== dirname(firstCreated); current = dirname(current)) {
    await fsyncDirectory(dirname(current));
  }
}

async function collectKeys(directory: string, keyPrefix: string, keys: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    if (entry.isDirectory()) {
      await collectKeys(join(directory, entry.name), `${keyPrefix}${entry.name}/`, keys);
      continue;
    }
    const segment = entry.isFile() ? keySegmentOfFile(entry.name) : null;
    if (segment !== null) keys.push(keyPrefix + segment);
  }
}

/** Unlinks every blob file below `directory` and the directories that end up empty; returns the count. */
async function deleteBlobsUnder(directory: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (errorCode(error) === "ENOENT") return 0;
    throw error;
  }
  let count = 0;
  // Temp files are left alone: they belong to puts still in flight, which land after this delete.
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      count += await deleteBlobsUnder(path);
      await removeDirectoryIfEmpty(path);
    } else if (entry.isFile() && keySegmentOfFile(entry.name) !== null && (await unlinkIfPresent(path))) {
      count += 1;
    }
  }
  return count;
}

/** Deletes temp files a crashed put left behind, anywhere under the root. */
function removeTempFiles(directory: string): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) removeTempFiles(path);
    else if (isTempFile(entry.name)) unlinkSync(path);
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined;
}

/** False when the file was already gone (a concurrent delete got there first). */
async function unlinkIfPresent(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return false;
    throw error;
  }
}

/** True when the directory is now absent; false when it still holds something. */
async function removeDirectoryIfEmpty(path: string): Promise<boolean> {
  try {
    await rmdir(path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT") return true;
    if (code === "ENOTEMPTY" || code === "EEXIST") return false;
    throw error;
  }
}
