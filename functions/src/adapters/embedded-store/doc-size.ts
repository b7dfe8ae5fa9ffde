/**
 * Document size by Firestore's published formula (https://firebase.google.com/docs/firestore/storage-size),
 * so a document Firestore would refuse for exceeding 1 MiB is refused here too.
 */
import type { DocData, DocValue } from "../../ports.ts";

export const MAX_DOCUMENT_BYTES = 1_048_576;

/** Strings, field names and ids: UTF-8 bytes + 1. */
function stringSize(text: string): number {
  return Buffer.byteLength(text, "utf8") + 1;
}

function valueSize(value: DocValue): number {
  if (value === null || typeof value === "boolean") return 1;
  if (typeof value === "number" || value instanceof Date) return 8;
  if (typeof value === "string") return stringSize(value);
  if (value instanceof Uint8Array) return value.length;
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + valueSize(item), 0);
  return fieldsSize(value);
}

function fieldsSize(map: DocData): number {
  let size = 0;
  for (const [key, item] of Object.entries(map)) size += stringSize(key) + valueSize(item);
  return size;
}

/** `segments` are the collection and document ids of the document's path. */
export function documentSize(segments: readonly string[], data: DocData): number {
  const nameSize = segments.reduce((sum, segment) => sum + stringSize(segment), 0) + 16;
  return nameSize + fieldsSize(data) + 32;
}
