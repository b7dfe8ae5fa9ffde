/**
 * Queries over one collection's documents, with Firestore's semantics: a document missing a filtered or
 * ordered field never matches; range filters only match values of the filter value's type class; != also
 * excludes null; results sort by Firestore's cross-type value order with the id as tie-break.
 */
import type { DocData, DocQuery, DocValue, WhereOp } from "../../ports.ts";
import { StoreError } from "../../ports.ts";
import { decodeDocCursor, encodeDocCursor, isInequality, pageLimit, resolveQueryOrder } from "../doc-cursor.ts";
import type { DocCursor } from "../doc-cursor.ts";
import { parseCollectionPath, parseFieldPath } from "../doc-paths.ts";
import type { QueryShape } from "../doc-index-planner.ts";
import { compareUtf8, compareValues, importValue, readField, typeRank, valuesEqual } from "./values.ts";

/** Firestore's limit on `in` values, and on the disjunctions a query expands to. */
const MAX_DISJUNCTIONS = 30;

const WHERE_OPS: ReadonlySet<WhereOp> = new Set<WhereOp>(["==", "!=", "<", "<=", ">", ">=", "in", "array-contains"]);

interface Filter {
  segments: string[];
  op: WhereOp;
  /** For `in`, the candidate values; otherwise the single operand. */
  values: DocValue[];
}

export interface PreparedQuery {
  collection: string;
  /** What the index planner needs to know. */
  shape: QueryShape;
  filters: Filter[];
  order: { segments: string[]; direction: "asc" | "desc" } | null;
  limit: number | null;
  after: DocCursor | null;
}

export interface QueryableDoc {
  id: string;
  data: DocData;
}

function invalid(message: string): StoreError {
  return new StoreError("invalid-argument", message);
}

function prepareFilter(field: string, op: WhereOp, value: DocValue): Filter {
  const segments = parseFieldPath(field);
  if (!WHERE_OPS.has(op)) throw invalid(`unknown where operator "${op}"`);
  if (op === "in") {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_DISJUNCTIONS) {
      throw invalid(`"in" needs an array of 1 to ${MAX_DISJUNCTIONS} values`);
    }
    return { segments, op, values: value.map((item, i) => importValue(item, `${field} in [${i}]`)) };
  }
  const operand = importValue(value, field);
  if (isInequality(op) && op !== "!=" && (operand === null || Number.isNaN(operand))) {
    throw invalid(`"${op}" cannot compare with null or NaN; only == and != can`);
  }
  return { segments, op, values: [operand] };
}

export function prepareQuery(query: DocQuery): PreparedQuery {
  if (typeof query !== "object" || query === null) throw invalid("a query must be an object");
  const collectionGroup = parseCollectionPath(query.collection);
  const where = query.where ?? [];
  if (!Array.isArray(where)) throw invalid("where must be an array");
  const filters = where.map((clause) => prepareFilter(clause.field, clause.op, clause.value));
  if (filters.filter((f) => f.op === "array-contains").length > 1) {
    throw invalid("a query can have at most one array-contains filter");
  }
  const disjunctions = filters.reduce((product, f) => product * (f.op === "in" ? f.values.length : 1), 1);
  if (disjunctions > MAX_DISJUNCTIONS) throw invalid(`the "in" filters expand to more than ${MAX_DISJUNCTIONS} disjunctions`);
  const order = resolveQueryOrder(query);
  return {
    collection: query.collection,
    shape: { collectionGroup, filters: where.map((w) => ({ field: w.field, op: w.op })), order },
    filters,
    order: order && { segments: parseFieldPath(order.field), direction: order.direction },
    limit: pageLimit(query),
    after: query.startAfter === undefined ? null : decodeDocCursor(query.startAfter, order),
  };
}

function matches(data: DocData, filter: Filter): boolean {
  const actual = readField(data, filter.segments);
  if (actual === undefined) return false;
  const operand = filter.values[0] as DocValue;
  switch (filter.op) {
    case "==":
      return valuesEqual(actual, operand);
    case "!=":
      return actual !== null && !valuesEqual(actual, operand);
    case "in":
      return filter.values.some((candidate) => valuesEqual(actual, candidate));
    case "array-contains":
      return Array.isArray(actual) && actual.some((item) => valuesEqual(item, operand));
    default: {
      if (typeRank(actual) !== typeRank(operand)) return false;
      const order = compareValues(actual, operand);
      if (filter.op === "<") return order < 0;
      if (filter.op === "<=") return order <= 0;
      if (filter.op === ">") return order > 0;
      return order >= 0;
    }
  }
}

interface Positioned<D> {
  doc: D;
  id: string;
  /** The order field's value; undefined when ordering by id alone. */
  key: DocValue | undefined;
}

/** Runs a prepared query over a collection's documents. */
export function runQuery<D extends QueryableDoc>(
  prepared: PreparedQuery,
  docs: Iterable<D>,
): { docs: D[]; nextCursor: string | null } {
  const { order, after } = prepared;
  const direction = order?.direction === "desc" ? -1 : 1;
  type Position = Pick<Positioned<D>, "id" | "key">;
  const compare = (a: Position, b: Position) =>
    direction * ((order ? compareValues(a.key as DocValue, b.key as DocValue) : 0) || compareUtf8(a.id, b.id));

  let results: Positioned<D>[] = [];
  for (const doc of docs) {
    if (!prepared.filters.every((filter) => matches(doc.data, filter))) continue;
    const key = order ? readField(doc.data, order.segments) : undefined;
    if (order && key === undefined) continue;
    results.push({ doc, id: doc.id, key });
  }
  results.sort(compare);
  if (after) {
    const cursor: Position = { id: after.id, key: after.order?.value };
    results = results.filter((position) => compare(position, cursor) > 0);
  }
  if (prepared.limit === null || results.length <= prepared.limit) {
    return { docs: results.map((p) => p.doc), nextCursor: null };
  }
  const page = results.slice(0, prepared.limit);
  const last = page[page.length - 1] as Positioned<D>;
  const field = prepared.shape.order?.field;
  const nextCursor = encodeDocCursor({
    id: last.id,
    order: field === undefined ? null : { field, value: last.key as DocValue },
  });
  return { docs: page.map((p) => p.doc), nextCursor };
}
