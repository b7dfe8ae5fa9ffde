/**
 * How query results are paged, shared by both DocumentStore adapters so a cursor means the same thing to each:
 * the order results come in, the page limit, and the opaque start-after cursor.
 *
 * A cursor is base64url JSON of the last returned document's id and, when the query is ordered by a field,
 * that field's name and value (typed via doc-value-json, so Dates and bytes survive the trip).
 */
import type { DocQuery, DocValue, WhereOp } from "../ports.ts";
import { StoreError } from "../ports.ts";
import { decodeDocValue, encodeDocValue } from "./doc-value-json.ts";

export interface QueryOrder {
  field: string;
  direction: "asc" | "desc";
}

export interface DocCursor {
  id: string;
  /** The order field's value in the last document; null when results are ordered by id alone. */
  order: { field: string; value: DocValue } | null;
}

const INEQUALITY_OPS: ReadonlySet<WhereOp> = new Set<WhereOp>(["!=", "<", "<=", ">", ">="]);

export function isInequality(op: WhereOp): boolean {
  return INEQUALITY_OPS.has(op);
}

function invalid(message: string): StoreError {
  return new StoreError("invalid-argument", message);
}

/**
 * The field results are ordered by before the id tie-break, or null for id order. Firestore's rules: an
 * inequality field must be the first orderBy, and with no orderBy the results are ordered by it ascending.
 * Inequalities on several fields are refused: that needs indexes this project does not plan for.
 */
export function resolveQueryOrder(query: DocQuery): QueryOrder | null {
  const inequalityFields = new Set((query.where ?? []).filter((w) => isInequality(w.op)).map((w) => w.field));
  if (inequalityFields.size > 1) {
    throw invalid(`inequality filters on more than one field (${[...inequalityFields].join(", ")}) are not supported`);
  }
  const [inequalityField] = inequalityFields;
  if (query.orderBy) {
    const { field, direction } = query.orderBy;
    if (direction !== "asc" && direction !== "desc") throw invalid(`orderBy direction must be "asc" or "desc"`);
    if (inequalityField !== undefined && field !== inequalityField) {
      throw invalid(
        `the inequality filter's field "${inequalityField}" must be the first orderBy, not "${field}" (as in Firestore)`,
      );
    }
    return { field, direction };
  }
  return inequalityField === undefined ? null : { field: inequalityField, direction: "asc" };
}

/** The page size, or null for no limit. */
export function pageLimit(query: DocQuery): number | null {
  if (query.limit === undefined) return null;
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) throw invalid("limit must be a positive integer");
  return query.limit;
}

export function encodeDocCursor(cursor: DocCursor): string {
  const json = cursor.order
    ? { id: cursor.id, f: cursor.order.field, v: encodeDocValue(cursor.order.value) }
    : { id: cursor.id };
  return Buffer.from(JSON.stringify(json)).toString("base64url");
}

/** Decodes a cursor and checks it was made for a query with this order. */
export function decodeDocCursor(token: string, order: QueryOrder | null): DocCursor {
  let cursor: DocCursor;
  try {
    const json = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof json.id !== "string" || json.id === "") throw new Error("no id");
    if ("f" in json) {
      if (typeof json.f !== "string" || !("v" in json)) throw new Error("bad order value");
      cursor = { id: json.id, order: { field: json.f, value: decodeDocValue(json.v) } };
    } else {
      cursor = { id: json.id, order: null };
    }
  } catch {
    throw invalid("startAfter is not a cursor this store issued");
  }
  if ((cursor.order?.field ?? null) !== (order?.field ?? null)) {
    throw invalid("startAfter is a cursor from a query with a different order");
  }
  return cursor;
}
