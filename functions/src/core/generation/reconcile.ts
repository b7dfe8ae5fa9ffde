/**
 * The safety net for lost webhooks and dead workers. Predictions not settled and quiet for longer than the quiet
 * period are polled at the model and fed through the same ingestion as webhooks; a claimed ingestion whose worker
 * went silent is taken over; a placeholder never submitted (the process died between storing the generation and
 * dispatching it) is dispatched now; one submitted that the model never answered for means its create died with its
 * process; anything older than the deadline is stopped at the model and failed (`timeout`), with a refund.
 */
import type { DocSnapshot } from "../../ports.ts";
import type { GenerationDeps } from "./deps.ts";
import { dispatchGeneration } from "./dispatch.ts";
import { applyPrediction, claimTimeoutSeconds } from "./ingest.ts";
import { type PredictionDoc, predictionsCollection } from "./records.ts";
import { terminateGeneration } from "./terminate.ts";

export interface ReconcileReport {
  polled: number;
  /** Generations whose placeholders had never been submitted, now dispatched. */
  dispatched: number;
  timedOut: number;
  abandoned: number;
  errors: number;
}

/** A create that has not answered by now never will (the model client gives up much sooner). */
const abandonedCreateSeconds = 30;
const pageSize = 100;

export async function reconcile(deps: GenerationDeps): Promise<ReconcileReport> {
  const report: ReconcileReport = { polled: 0, dispatched: 0, timedOut: 0, abandoned: 0, errors: 0 };
  const model = deps.model;
  if (!model) return report;
  const now = deps.clock.now().getTime();
  const { reconcileQuietSeconds, deadlineSeconds } = deps.settings;
  const quiet = (state: "open" | "ingesting", seconds: number) =>
    deps.store.query({
      collection: predictionsCollection,
      where: [
        { field: "ingest", op: "==", value: state },
        { field: "updatedAt", op: "<", value: new Date(now - seconds * 1000) },
      ],
      orderBy: { field: "updatedAt", direction: "asc" },
      limit: pageSize,
    });
  const [open, stale] = await Promise.all([quiet("open", reconcileQuietSeconds), quiet("ingesting", claimTimeoutSeconds)]);

  for (const snapshot of [...open.docs, ...stale.docs] as DocSnapshot<PredictionDoc>[]) {
    const pred = snapshot.data;
    try {
      if (now - pred.createdAt.getTime() > deadlineSeconds * 1000) {
        await terminateGeneration(deps, pred.uid, pred.generationId, { status: "failed", code: "timeout" });
        report.timedOut++;
      } else if (pred.status === "planned" && pred.submittedAt === null) {
        if ((await dispatchGeneration(deps, pred.uid, pred.generationId)).submitted > 0) report.dispatched++;
      } else if (pred.status === "planned") {
        if (now - pred.updatedAt.getTime() > Math.max(reconcileQuietSeconds, abandonedCreateSeconds) * 1000) {
          await terminateGeneration(deps, pred.uid, pred.generationId, { status: "failed", code: "model-unavailable" });
          report.abandoned++;
        }
      } else {
        await applyPrediction(deps, await model.get(snapshot.id));
        report.polled++;
      }
    } catch (error) {
      report.errors++;
      deps.logger.warn("reconcile step failed", { prediction: snapshot.id, error: error instanceof Error ? error.name : "error" });
    }
  }
  return report;
}
