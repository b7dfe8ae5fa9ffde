/**
 * Updates with dotted field paths and FieldOps, applied the way Firestore applies them: a path through a
 * non-map replaces it with a map, increment on a non-number sets the operand, arrayUnion/arrayRemove on a
 * non-array start from an empty array, and deleting a missing field is a no-op.
 */
import type { DocData, DocPatch, DocValue } from "../../ports.ts";
import { FieldOp, StoreError } from "../../ports.ts";
import { parseFieldPath } from "../doc-paths.ts";
import { cloneMap, cloneValue, importValue, isMap, readField, valuesEqual } from "./values.ts";

type DocMap = { [key: string]: DocValue };

export interface FieldUpdate {
  segments: string[];
  change: DocValue | FieldOp;
}

function invalid(message: string): StoreError {
  return new StoreError("invalid-argument", message);
}

function importOp(op: FieldOp, fieldPath: string): FieldOp {
  switch (op.kind) {
    case "increment":
      if (typeof op.operand !== "number") throw invalid(`increment of "${fieldPath}" needs a number`);
      return op;
    case "delete":
      return op;
    case "arrayUnion":
    case "arrayRemove": {
      const values = (op.operand as DocValue[]).map((item, i) => importValue(item, `${fieldPath}[${i}]`, 2, true));
      return op.kind === "arrayUnion" ? FieldOp.arrayUnion(...values) : FieldOp.arrayRemove(...values);
    }
  }
}

/** Checks a patch and copies its values, so a caller mutating them later changes nothing. */
export function preparePatch(patch: DocPatch): FieldUpdate[] {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) throw invalid("an update must be an object");
  const updates = Object.entries(patch).map(([fieldPath, change]) => ({
    segments: parseFieldPath(fieldPath),
    change: change instanceof FieldOp ? importOp(change, fieldPath) : importValue(change, fieldPath),
  }));
  if (updates.length === 0) throw invalid("an update needs at least one field");
  // Firestore refuses an update naming both a field and something inside it ("a" and "a.b").
  const keys = updates.map((update) => update.segments.join("\u0000")).sort();
  for (let i = 1; i < keys.length; i++) {
    const previous = keys[i - 1] as string;
    if ((keys[i] as string).startsWith(`${previous}\u0000`)) {
      throw invalid(`an update names "${previous.replaceAll("\u0000", ".")}" and a field inside it`);
    }
  }
  return updates;
}

/** increment, arrayUnion or arrayRemove applied to the current value (delete is handled by the caller). */
function transform(current: DocValue | undefined, op: FieldOp): DocValue {
  if (op.kind === "increment") {
    return typeof current === "number" ? current + (op.operand as number) : (op.operand as number);
  }
  const operand = op.operand as DocValue[];
  if (op.kind === "arrayUnion") {
    const result = Array.isArray(current) ? [...current] : [];
    for (const item of operand) {
      if (!result.some((existing) => valuesEqual(existing, item))) result.push(cloneValue(item));
    }
    return result;
  }
  if (!Array.isArray(current)) return [];
  return current.filter((existing) => !operand.some((item) => valuesEqual(existing, item)));
}

function deleteAt(data: DocMap, segments: string[]): void {
  const parent = readField(data, segments.slice(0, -1));
  if (isMap(parent)) delete parent[segments[segments.length - 1] as string];
}

function setAt(data: DocMap, segments: string[], value: DocValue): void {
  let target = data;
  for (const segment of segments.slice(0, -1)) {
    const child = target[segment];
    if (isMap(child)) {
      target = child;
    } else {
      const created: DocMap = {};
      target[segment] = created;
      target = created;
    }
  }
  target[segments[segments.length - 1] as string] = value;
}

/** Returns the updated document; `data` is left untouched. */
export function applyPatch(data: DocData, updates: readonly FieldUpdate[]): DocData {
  const result = cloneMap(data);
  for (const { segments, change } of updates) {
    if (change instanceof FieldOp && change.kind === "delete") {
      deleteAt(result, segments);
    } else {
      const value = change instanceof FieldOp ? transform(readField(result, segments), change) : cloneValue(change);
      setAt(result, segments, value);
    }
  }
  return result;
}
