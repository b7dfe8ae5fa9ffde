/**
 * Refuses queries that Firestore would refuse for want of a composite index, so a missing entry in
 * firestore.indexes.json fails locally instead of in production.
 *
 * How Firestore serves a query:
 * - Every field has automatic single-field indexes (ascending, descending, array-contains) unless a
 *   fieldOverrides entry for it (or for a map field above it) replaces them.
 * - A query touching one field only (any filters on it plus orderBy on it) uses that field's single-field index.
 * - A query of equality filters (== / in) only, ordered by id alone, merges single-field indexes.
 * - Anything else needs one composite index: the equality fields in any order (array-contains as
 *   arrayConfig CONTAINS), then the order field (the range/!= field, or the orderBy field) in the query's
 *   direction, optionally followed by __name__ in that same direction.
 *
 * Firestore can also merge composite indexes for some equality + orderBy queries; this planner does not,
 * so it may ask for an index production could do without, never the other way round.
 */
import { z } from "zod";
import type { WhereOp } from "../ports.ts";
import { StoreError } from "../ports.ts";
import type { QueryOrder } from "./doc-cursor.ts";

const orderSchema = z.enum(["ASCENDING", "DESCENDING"]);
const scopeSchema = z.enum(["COLLECTION", "COLLECTION_GROUP"]).default("COLLECTION");

const indexFieldSchema = z.object({
  fieldPath: z.string().min(1),
  order: orderSchema.optional(),
  arrayConfig: z.literal("CONTAINS").optional(),
});

const indexesFileSchema = z.object({
  indexes: z
    .array(z.object({ collectionGroup: z.string().min(1), queryScope: scopeSchema, fields: z.array(indexFieldSchema).min(1) }))
    .default([]),
  fieldOverrides: z
    .array(
      z.object({
        collectionGroup: z.string().min(1),
        fieldPath: z.string().min(1),
        indexes: z
          .array(z.object({ order: orderSchema.optional(), arrayConfig: z.literal("CONTAINS").optional(), queryScope: scopeSchema }))
          .default([]),
      }),
    )
    .default([]),
});

type IndexesFile = z.output<typeof indexesFileSchema>;
type IndexField = z.output<typeof indexFieldSchema>;
type SingleFieldKind = "ASCENDING" | "DESCENDING" | "CONTAINS";

export interface QueryShape {
  /** The collection id (last path segment), which indexes are keyed by. */
  collectionGroup: string;
  filters: { field: string; op: WhereOp }[];
  /** The effective order (explicit, or implied by an inequality filter); null for id order. */
  order: QueryOrder | null;
}

const EQUALITY_OPS: ReadonlySet<WhereOp> = new Set<WhereOp>(["==", "in"]);

function directionOf(order: QueryOrder): "ASCENDING" | "DESCENDING" {
  return order.direction === "asc" ? "ASCENDING" : "DESCENDING";
}

function missingIndex(shape: QueryShape, fields: IndexField[]): StoreError {
  const index = { collectionGroup: shape.collectionGroup, queryScope: "COLLECTION", fields };
  return new StoreError(
    "failed-precondition",
    `The query requires an index. Add it to firestore.indexes.json "indexes": ${JSON.stringify(index)}`,
  );
}

export class IndexPlanner {
  private readonly file: IndexesFile;

  /** Takes the parsed firestore.indexes.json; throws a zod error when it is not shaped like one. */
  constructor(indexesFile: unknown) {
    this.file = indexesFileSchema.parse(indexesFile);
  }

  /** Throws StoreError("failed-precondition") naming the index to add when Firestore could not serve the query. */
  check(shape: QueryShape): void {
    const { order } = shape;
    const equality = new Set(shape.filters.filter((f) => EQUALITY_OPS.has(f.op)).map((f) => f.field));
    const contains = shape.filters.find((f) => f.op === "array-contains")?.field;
    const filtered = new Set(shape.filters.map((f) => f.field));

    if (order === null) {
      if (contains === undefined || equality.size === 0) {
        for (const field of equality) this.requireSingleField(shape, field, ["ASCENDING", "DESCENDING"]);
        if (contains !== undefined) this.requireSingleField(shape, contains, ["CONTAINS"]);
        return;
      }
    } else if ([...filtered].every((field) => field === order.field)) {
      this.requireSingleField(shape, order.field, [directionOf(order)]);
      if (contains !== undefined) this.requireSingleField(shape, contains, ["CONTAINS"]);
      return;
    }

    const prefix: IndexField[] = [...equality]
      .filter((field) => field !== order?.field)
      .map((fieldPath) => ({ fieldPath, order: "ASCENDING" }));
    if (contains !== undefined) prefix.push({ fieldPath: contains, arrayConfig: "CONTAINS" });
    const last: IndexField | null = order ? { fieldPath: order.field, order: directionOf(order) } : null;
    const served = this.file.indexes.some(
      (index) =>
        index.collectionGroup === shape.collectionGroup &&
        index.queryScope === "COLLECTION" &&
        compositeServes(index.fields, prefix, last),
    );
    if (!served) throw missingIndex(shape, last ? [...prefix, last] : prefix);
  }

  private requireSingleField(shape: QueryShape, field: string, anyOf: SingleFieldKind[]): void {
    const available = this.singleFieldIndexes(shape.collectionGroup, field);
    if (anyOf.some((kind) => available.has(kind))) return;
    throw new StoreError(
      "failed-precondition",
      `The query requires a single-field ${anyOf.join(" or ")} index on "${field}" in "${shape.collectionGroup}", ` +
        `which fieldOverrides in firestore.indexes.json exempts`,
    );
  }

  /** The automatic single-field indexes, unless the nearest fieldOverrides entry at or above the field replaces them. */
  private singleFieldIndexes(collectionGroup: string, field: string): Set<SingleFieldKind> {
    const override = this.file.fieldOverrides
      .filter((o) => o.collectionGroup === collectionGroup && (field === o.fieldPath || field.startsWith(`${o.fieldPath}.`)))
      .sort((a, b) => b.fieldPath.length - a.fieldPath.length)[0];
    if (!override) return new Set(["ASCENDING", "DESCENDING", "CONTAINS"]);
    const kinds = new Set<SingleFieldKind>();
    for (const index of override.indexes) {
      if (index.queryScope !== "COLLECTION") continue;
      if (index.arrayConfig) kinds.add("CONTAINS");
      if (index.order) kinds.add(index.order);
    }
    return kinds;
  }
}

/** Whether the index's fields are exactly the prefix (any order) then `last`, with an optional matching __name__. */
function compositeServes(fields: IndexField[], prefix: IndexField[], last: IndexField | null): boolean {
  let rest = fields;
  const tail = rest[rest.length - 1];
  if (tail?.fieldPath === "__name__") {
    if (last !== null && tail.order !== last.order) return false;
    rest = rest.slice(0, -1);
  }
  if (last !== null) {
    const orderField = rest[rest.length - 1];
    if (orderField?.fieldPath !== last.fieldPath || orderField.order !== last.order) return false;
    rest = rest.slice(0, -1);
  }
  if (rest.length !== prefix.length) return false;
  return prefix.every((wanted) =>
    rest.some(
      (field) =>
        field.fieldPath === wanted.fieldPath &&
        (wanted.arrayConfig ? field.arrayConfig === "CONTAINS" : field.order !== undefined),
    ),
  );
}
