/**
 * Audit retention (400 days by default): whole digests whose every event is older than the window are purged, oldest
 * first. The anchor moves first, then the digest's events and the digest itself are deleted, so a crash part-way
 * leaves a state the next run finishes and verification still reads; the purge itself is an audit event.
 */
import type { AuditLog, Clock, DocumentStore, Logger } from "../../ports.ts";
import { anchorPath, asDocData, digestPath, markerFor, readDigest, readMarker } from "./digest-records.ts";
import { auditCollection } from "./audit-writer.ts";
import { auditEventsBetween } from "./event-scan.ts";

export interface AuditRetentionDeps {
  store: DocumentStore;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  auditKey: Uint8Array;
}

export interface PurgeReport {
  digests: number;
  events: number;
}

const batchSize = 400;

export async function purgeExpiredAudit(deps: AuditRetentionDeps, retentionDays: number): Promise<PurgeReport> {
  const { store, auditKey } = deps;
  const cutoff = new Date(deps.clock.now().getTime() - retentionDays * 86_400_000);
  const report: PurgeReport = { digests: 0, events: 0 };
  for (;;) {
    const anchorSnap = await store.get(anchorPath);
    const anchor = anchorSnap ? readMarker(auditKey, "anchor", anchorSnap) : null;
    if (anchorSnap && !anchor) {
      deps.logger.error("audit purge stopped: the anchor marker fails its signature check");
      break;
    }
    if (anchor) report.events += await deleteThrough(store, anchor.n, { at: anchor.lastAt, id: anchor.lastId });
    const nextSnap = await store.get(digestPath((anchor?.n ?? 0) + 1));
    if (!nextSnap) break;
    const next = readDigest(auditKey, nextSnap);
    if (!next) {
      // Never destroy evidence around a digest that fails its check: verification must still be able to show it.
      deps.logger.error("audit purge stopped: the next digest fails its signature check", { n: (anchor?.n ?? 0) + 1 });
      break;
    }
    if (next.lastAt >= cutoff) break;
    await store.set(anchorPath, asDocData(markerFor(auditKey, "anchor", next)));
    report.digests += 1;
  }
  if (report.digests > 0 || report.events > 0) {
    await deps.audit.record({
      actor: { uid: null, role: "system", via: "system" },
      action: "audit.purged",
      target: { type: "audit", id: "retention" },
      outcome: "success",
      requestId: `retention-${deps.clock.now().toISOString()}`,
      meta: { digests: report.digests, events: report.events, before: cutoff.toISOString(), retentionDays },
    });
  }
  return report;
}

/** Deletes the events up to the anchor and the anchored digest, if a previous run left them. Returns events deleted. */
async function deleteThrough(store: DocumentStore, n: number, last: { at: Date; id: string }): Promise<number> {
  let deleted = 0;
  for (;;) {
    // Collected first, deleted after: never delete under a running page cursor.
    const doomed: string[] = [];
    for await (const doc of auditEventsBetween(store, null, last)) {
      doomed.push(doc.id);
      if (doomed.length === batchSize) break;
    }
    const batch = store.batch();
    for (const id of doomed) batch.delete(`${auditCollection}/${id}`);
    if (doomed.length < batchSize) batch.delete(digestPath(n));
    await batch.commit();
    deleted += doomed.length;
    if (doomed.length < batchSize) return deleted;
  }
}
