/**
 * How blob keys map onto the filesystem. Each key segment but the last is a directory, so listing a prefix
 * reads only that subtree. File names carry a "~" marker, a character keys cannot contain, so a blob file,
 * a temp file and a directory never share a name: "a/b" (file "a/b~blob") and "a/b/c" (directory "a/b")
 * coexist as they do in Cloud Storage.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";

const BLOB_SUFFIX = "~blob";
const TEMP_MARKER = "~tmp-";

export function blobFilePath(root: string, keySegments: string[]): string {
  return join(root, ...keySegments) + BLOB_SUFFIX;
}

export function prefixDirectory(root: string, prefixSegments: string[]): string {
  return join(root, ...prefixSegments);
}

/** A fresh temp file beside the blob file: the same directory keeps the final rename atomic. */
export function tempFilePathFor(blobFile: string): string {
  return blobFile.slice(0, -BLOB_SUFFIX.length) + TEMP_MARKER + randomBytes(8).toString("hex");
}

/** The key segment a blob file stores, or null for any other entry (temp files included). */
export function keySegmentOfFile(fileName: string): string | null {
  return fileName.endsWith(BLOB_SUFFIX) ? fileName.slice(0, -BLOB_SUFFIX.length) : null;
}

export function isTempFile(fileName: string): boolean {
  return fileName.includes(TEMP_MARKER);
}
