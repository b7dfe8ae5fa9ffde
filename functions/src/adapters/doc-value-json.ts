/**
 * DocValues as JSON, exactly: Date, bytes and the numbers JSON cannot hold (NaN, ±Infinity, -0) become
 * one-key tagged objects. A map that has a key starting with "$" is wrapped in {"$m": …}, so a tag can never be
 * mistaken for user data. Used by the embedded store's journal and by query cursors.
 */
import type { DocValue } from "../ports.ts";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const SPECIAL_NUMBERS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
  "-0": -0,
};

export function encodeDocValue(value: DocValue): JsonValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $n: Object.is(value, -0) ? "-0" : String(value) };
  }
  if (value instanceof Date) return { $t: value.getTime() };
  if (value instanceof Uint8Array) return { $b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (Array.isArray(value)) return value.map(encodeDocValue);
  const map: { [key: string]: JsonValue } = {};
  let needsWrapper = false;
  for (const [key, item] of Object.entries(value)) {
    map[key] = encodeDocValue(item);
    if (key.startsWith("$")) needsWrapper = true;
  }
  return needsWrapper ? { $m: map } : map;
}

/** Throws a plain Error on anything encodeDocValue could not have produced. */
export function decodeDocValue(json: unknown): DocValue {
  if (json === null || typeof json === "boolean" || typeof json === "string") return json;
  if (typeof json === "number") return json;
  if (Array.isArray(json)) return json.map(decodeDocValue);
  if (typeof json !== "object") throw new Error(`not an encoded document value: ${typeof json}`);
  const entries = Object.entries(json as Record<string, unknown>);
  const first = entries[0];
  if (first === undefined || !first[0].startsWith("$")) return decodeMap(entries);
  if (entries.length !== 1) throw new Error(`a tagged value has exactly one key, got ${entries.length}`);
  const [tag, payload] = first;
  switch (tag) {
    case "$t":
      if (typeof payload !== "number") break;
      return new Date(payload);
    case "$b":
      if (typeof payload !== "string") break;
      return new Uint8Array(Buffer.from(payload, "base64"));
    case "$n":
      if (typeof payload !== "string" || !(payload in SPECIAL_NUMBERS)) break;
      return SPECIAL_NUMBERS[payload] as number;
    case "$m":
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) break;
      return decodeMap(Object.entries(payload as Record<string, unknown>));
  }
  throw new Error(`bad tagged value ${tag}`);
}

function decodeMap(entries: [string, unknown][]): { [key: string]: DocValue } {
  const map: { [key: string]: DocValue } = {};
  for (const [key, item] of entries) map[key] = decodeDocValue(item);
  return map;
}
