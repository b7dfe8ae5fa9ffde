/** Staff reads of the audit log: filtered pages, newest first, and the same filters streamed as CSV rows. */
import type { AuditEvent, AuditExportQuery, AuditPage, AuditQuery } from "@bez/contracts";
import type { DocumentStore, WhereClause } from "../../ports.ts";
import { auditCollection, auditEventFromDoc } from "./audit-writer.ts";
import { queryPage } from "../paging.ts";

type AuditFilters = AuditExportQuery;

/** Equality filters map to fields; every combination has a composite index with `at` (firestore.indexes.json). */
function whereOf(filters: AuditFilters): WhereClause[] {
  const where: WhereClause[] = [];
  if (filters.action) where.push({ field: "action", op: "==", value: filters.action });
  if (filters.actor) where.push({ field: "actor.uid", op: "==", value: filters.actor });
  if (filters.targetType) where.push({ field: "target.type", op: "==", value: filters.targetType });
  if (filters.targetId) where.push({ field: "target.id", op: "==", value: filters.targetId });
  if (filters.from) where.push({ field: "at", op: ">=", value: new Date(filters.from) });
  if (filters.to) where.push({ field: "at", op: "<=", value: new Date(filters.to) });
  return where;
}

export async function listAuditEvents(store: DocumentStore, query: AuditQuery): Promise<AuditPage> {
  const page = await queryPage(store, {
    collection: auditCollection,
    where: whereOf(query),
    orderBy: { field: "at", direction: "desc" },
    limit: query.limit,
    startAfter: query.cursor,
  });
  return { items: page.docs.map(auditEventFromDoc), nextCursor: page.nextCursor };
}

export async function* allAuditEvents(store: DocumentStore, filters: AuditFilters): AsyncGenerator<AuditEvent> {
  let cursor: string | undefined;
  do {
    const page = await store.query({
      collection: auditCollection,
      where: whereOf(filters),
      orderBy: { field: "at", direction: "desc" },
      limit: 500,
      startAfter: cursor,
    });
    for (const doc of page.docs) yield auditEventFromDoc(doc);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export const auditCsvHeader = ["id", "at", "actor_uid", "actor_role", "actor_via", "action", "target_type", "target_id", "outcome", "request_id", "ip", "meta"];

/**
 * One CSV line (RFC 4180 quoting). A cell that a spreadsheet would run as a formula (= + - @, tab, CR) is prefixed
 * with a quote: audit fields can carry text a user chose.
 */
export function csvLine(cells: readonly (string | null | undefined)[]): string {
  return `${cells
    .map((cell) => {
      let text = cell ?? "";
      if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(",")}\r\n`;
}

export function auditCsvRow(e: AuditEvent): string {
  return csvLine([
    e.id,
    e.at,
    e.actor.uid,
    e.actor.role,
    e.actor.via,
    e.action,
    e.target.type,
    e.target.id,
    e.outcome,
    e.requestId,
    e.ip,
    e.meta ? JSON.stringify(e.meta) : "",
  ]);
}
