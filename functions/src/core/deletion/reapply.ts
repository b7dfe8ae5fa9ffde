/**
 * Erases again whoever the ledger says was erased but a restore brought back (a Firestore backup or point-in-time
 * recovery restores documents and wrapped data keys; Cloud Storage soft delete restores objects). It looks at every
 * uid that still has a data key or a profile (with `all`, also a blob under u/{uid}/) and starts a new erasure for
 * each one in the ledger that no running erasure already covers; the erasure's own steps, lease and sweeper do the
 * rest. Used by `npm run reapply-erasures` (everything) and by each deletion sweep (a bounded slice, resumed from a
 * cursor kept at `maintenance/reapplyErasures`).
 */
import type { DocData } from "../../ports.ts";
import { dataKeyCollection } from "../vault/data-keys.ts";
import type { DeletionDeps } from "./deps.ts";
import { wasErased } from "./ledger.ts";
import { deletionJobsCollection } from "./records.ts";
import { createDeletion, runDeletion } from "./run.ts";

/** Where a restored account shows: its data key and its profile, one document per user. */
const sources = [dataKeyCollection, "users"] as const;
const cursorPath = "maintenance/reapplyErasures";
const PAGE = 200;

export interface ReapplyReport {
  scanned: number;
  /** Erasures started again (each runs at once; a re-sweep that is not due yet is left to the sweeper). */
  erased: number;
  /** Erasures started again whose run failed (the deletion sweep retries them). */
  failed: number;
}

interface CursorDoc extends DocData {
  source: number;
  after: string | null;
}

/** A new erasure of `uid` when the ledger has it and none is under way; true when one was started. */
async function eraseAgain(deps: DeletionDeps, uid: string): Promise<boolean> {
  if (!(await wasErased(deps, uid))) return false;
  const id = await deps.store.runTransaction(async (tx) => {
    const running = await tx.query({ collection: deletionJobsCollection, where: [{ field: "uid", op: "==", value: uid }], limit: 1 });
    return running.docs.length > 0 ? null : createDeletion(deps, tx, uid, deps.clock.now());
  });
  if (id === null) return false;
  await runDeletion(deps, id);
  return true;
}

async function visit(deps: DeletionDeps, uids: Iterable<string>, seen: Set<string>, report: ReapplyReport): Promise<void> {
  for (const uid of uids) {
    if (seen.has(uid)) continue;
    seen.add(uid);
    report.scanned++;
    try {
      if (await eraseAgain(deps, uid)) report.erased++;
    } catch (error) {
      // Its work record exists by now (or nothing was started): the deletion sweep finishes it, this pass goes on.
      report.failed++;
      deps.logger.warn("reapply erasures: an erasure failed; the sweeper retries it", { error: error instanceof Error ? error.name : "error" });
    }
  }
}

/** Every uid with a data key, a profile or a blob. */
export async function reapplyAllErasures(deps: DeletionDeps): Promise<ReapplyReport> {
  const report: ReapplyReport = { scanned: 0, erased: 0, failed: 0 };
  const seen = new Set<string>();
  for (const collection of sources) {
    let after: string | undefined;
    do {
      const page = await deps.store.query({ collection, limit: PAGE, startAfter: after });
      await visit(deps, page.docs.map((d) => d.id), seen, report);
      after = page.nextCursor ?? undefined;
    } while (after);
  }
  // Objects restored without their key cannot be read, but they are still the user's.
  const owners = (await deps.blobs.list("u/")).map((key) => key.split("/")[1] ?? "").filter((uid) => uid.length > 0);
  await visit(deps, new Set(owners), seen, report);
  return report;
}

/** Up to `limit` uids, from where the previous slice stopped; after the last source it starts over. */
export async function reapplyErasureSlice(deps: DeletionDeps, limit: number): Promise<ReapplyReport> {
  const report: ReapplyReport = { scanned: 0, erased: 0, failed: 0 };
  const saved = (await deps.store.get(cursorPath))?.data as CursorDoc | undefined;
  let cursor: CursorDoc = saved && saved.source < sources.length ? saved : { source: 0, after: null };
  const seen = new Set<string>();
  let budget = limit;
  for (let hops = 0; budget > 0 && hops < sources.length; hops++) {
    const collection = sources[cursor.source] ?? dataKeyCollection;
    const page = await deps.store.query({ collection, limit: budget, startAfter: cursor.after ?? undefined });
    await visit(deps, page.docs.map((d) => d.id), seen, report);
    budget -= page.docs.length;
    cursor = page.nextCursor ? { source: cursor.source, after: page.nextCursor } : { source: (cursor.source + 1) % sources.length, after: null };
    if (page.nextCursor) break;
  }
  await deps.store.set(cursorPath, cursor);
  return report;
}
