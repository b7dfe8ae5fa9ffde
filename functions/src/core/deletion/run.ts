/**
 * Runs an erasure's remaining steps under a lease on its work record, so two workers (its queued job and the
 * sweeper, or two sweeping instances) never work one deletion at once. Progress is recorded after
 * every step; a crash leaves the lease to expire and the next sweep carries on from the last recorded step.
 */
import type { Transaction } from "../../ports.ts";
import { profilePath } from "../accounts/profile.ts";
import { requireRecentLogin } from "../accounts/recent-login.ts";
import type { RequestContext } from "../principal.ts";
import type { DeletionDeps } from "./deps.ts";
import { type DeletionDoc, type DeletionJobDoc, deletionJobPath, deletionJobsCollection, deletionPath, noneRemoved } from "./records.ts";
import { type StepContext, steps } from "./steps.ts";

export type RunOutcome = "complete" | "stopped" | "busy" | "missing" | "waiting";

/** Creates the deletion (receipt and work record) and marks the profile; a second request answers the first id. */
export async function requestDeletion(deps: DeletionDeps, ctx: RequestContext): Promise<string> {
  const { principal } = ctx;
  const now = deps.clock.now();
  requireRecentLogin(principal, now, "Deleting your account needs a fresh sign-in: sign in again, then confirm within five minutes.");
  const path = profilePath(principal.uid);
  const { deletionId, fresh } = await deps.store.runTransaction(async (tx) => {
    const profile = await tx.get(path);
    const existing = profile?.data.deletionId;
    if (profile?.data.status === "deleting" && typeof existing === "string") return { deletionId: existing, fresh: false };
    const id = createDeletion(deps, tx, principal.uid, now);
    // A user who never called /v1/me has no profile: there is nothing to mark, the steps still run.
    if (profile) tx.update(path, { status: "deleting", deletionId: id, updatedAt: now });
    return { deletionId: id, fresh: true };
  });
  if (fresh) {
    deps.metrics.count("deletions");
    await deps.audit.record({
      actor: { uid: principal.uid, role: principal.role, via: principal.via },
      action: "account.deletion_requested",
      target: { type: "user", id: principal.uid },
      outcome: "success",
      requestId: ctx.requestId,
      meta: { deletionId },
    });
  }
  return deletionId;
}

/** Writes a new deletion's receipt and work record in `tx` (after its reads); returns its id. */
export function createDeletion(deps: Pick<DeletionDeps, "ids">, tx: Transaction, uid: string, now: Date): string {
  const id = deps.ids.next();
  const receipt: DeletionDoc = {
    status: "pending",
    step: 0,
    requestedAt: now,
    completedAt: null,
    updatedAt: now,
    removed: noneRemoved(),
    signature: null,
  };
  const job: DeletionJobDoc = { uid, leaseOwner: null, leaseUntil: now, attempts: 0, createdAt: now, resweepAt: null };
  tx.create(deletionPath(id), receipt);
  tx.create(deletionJobPath(id), job);
  return id;
}

/** Takes the lease when it is free or expired; null when another worker holds it or the job is gone. */
async function claim(deps: DeletionDeps, deletionId: string, owner: string): Promise<{ job: DeletionJobDoc } | RunOutcome> {
  const path = deletionJobPath(deletionId);
  return deps.store.runTransaction(async (tx) => {
    const snapshot = await tx.get(path);
    if (!snapshot) return "missing" as const;
    const job = snapshot.data as DeletionJobDoc;
    const now = deps.clock.now();
    if (job.leaseUntil > now) return "busy" as const;
    tx.update(path, { leaseOwner: owner, leaseUntil: new Date(now.getTime() + deps.leaseMs), attempts: job.attempts + 1 });
    return { job };
  });
}

/**
 * Runs the deletion's remaining steps (all of them, or up to `stopAfter`). "missing": already complete (or never
 * existed); "busy": another worker holds it; "waiting": its re-sweep is not due yet (the sweeper runs it then). A failing step releases the lease, so the next sweep retries at once.
 */
export async function runDeletion(deps: DeletionDeps, deletionId: string, options: { stopAfter?: number } = {}): Promise<RunOutcome> {
  const owner = deps.ids.next();
  const claimed = await claim(deps, deletionId, owner);
  if (typeof claimed === "string") return claimed;
  const jobPath = deletionJobPath(deletionId);
  let renewedAt = deps.clock.now().getTime();
  const ctx: StepContext = {
    deps,
    deletionId,
    uid: claimed.job.uid,
    async heartbeat() {
      const now = deps.clock.now().getTime();
      if (now - renewedAt < deps.leaseMs / 3) return;
      renewedAt = now;
      await deps.store.update(jobPath, { leaseUntil: new Date(now + deps.leaseMs) });
    },
  };
  try {
    const record = (await deps.store.get(deletionPath(deletionId)))?.data as DeletionDoc | undefined;
    if (!record) throw new Error("the deletion record is missing");
    for (let index = record.step; index < steps.length; index++) {
      const step = steps[index];
      if (!step) break;
      // The grace step hands the lease back itself, timed to lapse when the re-sweep is due.
      if ((await step.run(ctx)) === "wait") return "waiting";
      const done = index + 1;
      if (!step.final) {
        const batch = deps.store.batch();
        batch.update(deletionPath(deletionId), { step: done, updatedAt: deps.clock.now() });
        batch.update(jobPath, { leaseUntil: new Date(deps.clock.now().getTime() + deps.leaseMs) });
        await batch.commit();
      }
      await deps.afterStep?.(done, step.name);
      if (deps.failAfterStep === done) throw new Error(`injected crash after deletion step ${done} (${step.name})`);
      if (options.stopAfter === done) {
        await release(deps, jobPath);
        return "stopped";
      }
    }
    return "complete";
  } catch (error) {
    await release(deps, jobPath).catch(() => undefined);
    throw error;
  }
}

async function release(deps: DeletionDeps, jobPath: string): Promise<void> {
  await deps.store.runTransaction(async (tx) => {
    if (await tx.get(jobPath)) tx.update(jobPath, { leaseOwner: null, leaseUntil: deps.clock.now() });
  });
}

export interface SweepReport {
  completed: number;
  failed: number;
  busy: number;
  waiting: number;
}

/** Finishes every deletion whose lease has lapsed (a crash, a failed step, a process that never got to it, a re-sweep now due). */
export async function sweepDeletions(deps: DeletionDeps, options: { limit?: number } = {}): Promise<SweepReport> {
  const report: SweepReport = { completed: 0, failed: 0, busy: 0, waiting: 0 };
  const due = await deps.store.query({
    collection: deletionJobsCollection,
    where: [{ field: "leaseUntil", op: "<=", value: deps.clock.now() }],
    orderBy: { field: "leaseUntil", direction: "asc" },
    limit: options.limit ?? 20,
  });
  for (const job of due.docs) {
    try {
      const outcome = await runDeletion(deps, job.id);
      if (outcome === "complete") report.completed++;
      else if (outcome === "busy") report.busy++;
      else if (outcome === "waiting") report.waiting++;
    } catch (error) {
      report.failed++;
      deps.logger.warn("deletion sweep: a deletion failed; it will be retried", {
        deletionId: job.id,
        error: error instanceof Error ? error.name : "error",
      });
    }
  }
  return report;
}
