/**
 * Document, collection and field paths, validated the way Firestore validates them. Shared by both
 * DocumentStore adapters: firebase-admin silently drops empty path segments, so it cannot be left to check.
 */
import { StoreError } from "../ports.ts";

/** Firestore's limit on a document or collection id, in UTF-8 bytes. */
const MAX_ID_BYTES = 1500;
/** Firestore's limit on a field path, in UTF-8 bytes. */
const MAX_FIELD_PATH_BYTES = 1500;

export interface DocRef {
  /** The normalized path, e.g. "users/u1/generations/g1". */
  path: string;
  /** The parent collection's path, e.g. "users/u1/generations". */
  collection: string;
  id: string;
  /** Every collection and document id from the root down. */
  segments: string[];
}

function invalid(message: string): StoreError {
  return new StoreError("invalid-argument", message);
}

function segmentsOf(path: unknown, what: string): string[] {
  if (typeof path !== "string" || path === "") throw invalid(`${what} must be a non-empty string`);
  const segments = path.split("/");
  for (const segment of segments) {
    if (segment === "") throw invalid(`${what} "${path}" has an empty segment`);
    if (segment === "." || segment === "..") throw invalid(`${what} "${path}" has a "${segment}" segment`);
    if (/^__.*__$/.test(segment)) throw invalid(`${what} "${path}": ids like "${segment}" are reserved`);
    if (Buffer.byteLength(segment) > MAX_ID_BYTES) throw invalid(`${what} "${path}" has an id over ${MAX_ID_BYTES} bytes`);
  }
  return segments;
}

export function parseDocPath(path: string): DocRef {
  const segments = segmentsOf(path, "document path");
  if (segments.length % 2 !== 0) {
    throw invalid(`"${path}" is not a document path: it needs an even number of segments`);
  }
  return {
    path,
    collection: segments.slice(0, -1).join("/"),
    id: segments[segments.length - 1] as string,
    segments,
  };
}

/** Returns the collection's id (its last segment), which is what composite indexes are keyed by. */
export function parseCollectionPath(path: string): string {
  const segments = segmentsOf(path, "collection path");
  if (segments.length % 2 !== 1) {
    throw invalid(`"${path}" is not a collection path: it needs an odd number of segments`);
  }
  return segments[segments.length - 1] as string;
}

/** A dotted field path ("settings.analytics") as segments; the characters firebase-admin refuses are refused. */
export function parseFieldPath(fieldPath: string): string[] {
  if (typeof fieldPath !== "string" || fieldPath === "") throw invalid("a field path must be a non-empty string");
  if (/[~*/[\]]/.test(fieldPath)) throw invalid(`field path "${fieldPath}" contains one of ~ * / [ ]`);
  if (Buffer.byteLength(fieldPath) > MAX_FIELD_PATH_BYTES) throw invalid(`field path "${fieldPath}" is too long`);
  const segments = fieldPath.split(".");
  if (segments.some((segment) => segment === "")) throw invalid(`field path "${fieldPath}" has an empty segment`);
  return segments;
}
