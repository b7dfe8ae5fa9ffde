/**
 * Document values: checking what Firestore accepts, copying (the store never shares objects with callers),
 * and Firestore's total order across types, which queries filter and sort by.
 */
import type { DocData, DocValue } from "../../ports.ts";
import { StoreError } from "../../ports.ts";

type DocMap = { [key: string]: DocValue };

/** Firestore's limit on nesting maps and arrays. */
const MAX_DEPTH = 20;

export function isMap(value: DocValue | undefined): value is DocMap {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

function invalid(message: string): StoreError {
  return new StoreError("invalid-argument", message);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks that `value` is something Firestore stores and returns a private copy. `where` names the field for
 * error messages; `inArray` because Firestore refuses an array directly inside an array.
 */
export function importValue(value: unknown, where: string, depth = 1, inArray = false): DocValue {
  if (depth > MAX_DEPTH) throw invalid(`"${where}" nests maps and arrays deeper than ${MAX_DEPTH} levels`);
  switch (typeof value) {
    case "boolean":
    case "number":
    case "string":
      return value;
    case "undefined":
      throw invalid(`"${where}" is undefined, which Firestore cannot store`);
    case "object":
      break;
    default:
      throw invalid(`"${where}" is a ${typeof value}, which Firestore cannot store`);
  }
  if (value === null) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw invalid(`"${where}" is an invalid Date`);
    return new Date(value.getTime());
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) {
    if (inArray) throw invalid(`"${where}" puts an array directly inside an array, which Firestore refuses`);
    const copy: DocValue[] = [];
    for (let i = 0; i < value.length; i++) copy.push(importValue(value[i], `${where}[${i}]`, depth + 1, true));
    return copy;
  }
  if (!isPlainObject(value)) {
    throw invalid(`"${where}" is a ${value.constructor?.name ?? "non-plain object"}, which Firestore cannot store`);
  }
  return importMap(value as Record<string, unknown>, where, depth + 1);
}

function importMap(map: Record<string, unknown>, where: string, depth: number): DocMap {
  const copy: DocMap = {};
  for (const [key, item] of Object.entries(map)) {
    const path = where === "" ? key : `${where}.${key}`;
    if (key === "") throw invalid(`"${where}" has an empty field name`);
    if (/^__.*__$/.test(key)) throw invalid(`field name "${key}" is reserved`);
    copy[key] = importValue(item, path, depth);
  }
  return copy;
}

/** Checks and copies a whole document. */
export function importData(data: unknown): DocData {
  if (typeof data !== "object" || data === null || Array.isArray(data) || !isPlainObject(data)) {
    throw invalid("document data must be a plain object");
  }
  return importMap(data as Record<string, unknown>, "", 1);
}

export function cloneValue(value: DocValue): DocValue {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(cloneValue);
  return cloneMap(value);
}

export function cloneMap(map: DocMap): DocMap {
  const copy: DocMap = {};
  for (const [key, item] of Object.entries(map)) copy[key] = cloneValue(item);
  return copy;
}

/** The value at a field path, or undefined when the path leads nowhere. */
export function readField(data: DocData, segments: readonly string[]): DocValue | undefined {
  let current: DocValue | undefined = data;
  for (const segment of segments) {
    if (!isMap(current)) return undefined;
    current = current[segment];
  }
  return current;
}

// ---------------------------------------------------------------------------------------------
// Firestore's value order: null < booleans < numbers < timestamps < strings < bytes < arrays < maps.

/** The rank of a value's type class; range filters only match values of the filter value's class. */
export function typeRank(value: DocValue): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return 1;
  if (typeof value === "number") return 2;
  if (value instanceof Date) return 3;
  if (typeof value === "string") return 4;
  if (value instanceof Uint8Array) return 5;
  if (Array.isArray(value)) return 6;
  return 7;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** NaN sorts before every other number and equals itself, as in Firestore; -0 equals 0. */
function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  if (Number.isNaN(b)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/**
 * Compares strings by their UTF-8 bytes, which is code point order. JavaScript's `<` compares UTF-16 units,
 * which puts characters above U+FFFF (surrogate pairs) before U+E000–U+FFFF; fix that case only.
 */
export function compareUtf8(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (isSurrogate(x) !== isSurrogate(y)) return isSurrogate(x) ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return sign(a.length - b.length);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number) ? -1 : 1;
  }
  return sign(a.length - b.length);
}

function compareArrays(a: DocValue[], b: DocValue[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareValues(a[i] as DocValue, b[i] as DocValue);
    if (order !== 0) return order;
  }
  return sign(a.length - b.length);
}

/** Maps compare entry by entry in key order (key first, then value), then by size. */
function compareMaps(a: DocMap, b: DocMap): number {
  const keysA = Object.keys(a).sort(compareUtf8);
  const keysB = Object.keys(b).sort(compareUtf8);
  const length = Math.min(keysA.length, keysB.length);
  for (let i = 0; i < length; i++) {
    const keyA = keysA[i] as string;
    const keyB = keysB[i] as string;
    const byKey = compareUtf8(keyA, keyB);
    if (byKey !== 0) return byKey;
    const byValue = compareValues(a[keyA] as DocValue, b[keyB] as DocValue);
    if (byValue !== 0) return byValue;
  }
  return sign(keysA.length - keysB.length);
}

export function compareValues(a: DocValue, b: DocValue): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  switch (rankA) {
    case 0:
      return 0;
    case 1:
      return a === b ? 0 : a ? 1 : -1;
    case 2:
      return compareNumbers(a as number, b as number);
    case 3:
      return compareNumbers((a as Date).getTime(), (b as Date).getTime());
    case 4:
      return compareUtf8(a as string, b as string);
    case 5:
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 6:
      return compareArrays(a as DocValue[], b as DocValue[]);
    default:
      return compareMaps(a as DocMap, b as DocMap);
  }
}

export function valuesEqual(a: DocValue, b: DocValue): boolean {
  return compareValues(a, b) === 0;
}
