/** Walks stored audit events in digest order (time, then id), page by page, between two marks. */
import type { DocSnapshot, DocumentStore, WhereClause } from "../../ports.ts";
import { auditCollection } from "./audit-writer.ts";
import { type EventMark, compareMarks } from "./digest-records.ts";

const pageSize = 500;

export function markOf(doc: DocSnapshot): EventMark | null {
  const at = doc.data.at;
  return at instanceof Date ? { at, id: doc.id } : null;
}

/** Events strictly after `after` (all when null) and at or before `upTo` (no bound when null). */
export async function* auditEventsBetween(
  store: DocumentStore,
  after: EventMark | null,
  upTo: EventMark | null,
): AsyncGenerator<DocSnapshot> {
  const where: WhereClause[] = [];
  if (after) where.push({ field: "at", op: ">=", value: after.at });
  if (upTo) where.push({ field: "at", op: "<=", value: upTo.at });
  let cursor: string | undefined;
  do {
    const page = await store.query({ collection: auditCollection, where, orderBy: { field: "at", direction: "asc" }, limit: pageSize, startAfter: cursor });
    for (const doc of page.docs) {
      const mark = markOf(doc);
      if (!mark) continue;
      if (after && compareMarks(mark, after) <= 0) continue;
      if (upTo && compareMarks(mark, upTo) > 0) return;
      yield doc;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
