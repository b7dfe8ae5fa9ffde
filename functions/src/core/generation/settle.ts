/**
 * The state machine's shared rules.
 *
 * Ownership: whoever moves a prediction document to `done` inside a transaction owns its quota reservation
 * (commit it if the prediction's images were kept, refund it otherwise); whoever moves the generation to a
 * terminal status owns its in-flight lease. A transaction decides, and only after it commits are the Redis
 * effects applied — each at most once, because no other transaction can move the same document to done again.
 */
import type { GenerationErrorCode } from "@bez/contracts";
import type { DocPatch } from "../../ports.ts";
import { limiterKeys, userSubject } from "../limits/policies.ts";
import type { GenerationDeps } from "./deps.ts";
import { type GenerationDoc, type OutputDoc, type PredictionDoc, generationError } from "./records.ts";

/** Quota and lease effects to apply once a transaction has committed. */
export interface Settlement {
  uid: string;
  commit: string[];
  refund: string[];
  releaseLease: string | null;
  /** The generation's final status when this settlement made it terminal (counted for admin metrics). */
  ended?: "succeeded" | "failed" | "canceled";
}

export const noSettlement = (uid: string): Settlement => ({ uid, commit: [], refund: [], releaseLease: null });

/** Applies a settlement. Redis trouble is logged, not thrown: the work it settles is already done in the store. */
export async function settle(deps: Pick<GenerationDeps, "limiter" | "logger" | "metrics">, s: Settlement): Promise<void> {
  if (s.ended) deps.metrics.count(endedCounter[s.ended]);
  const subject = userSubject(s.uid);
  const quota = limiterKeys.dailyImages(subject);
  const steps = [
    ...s.commit.map((id) => () => deps.limiter.commit(quota, id)),
    ...s.refund.map((id) => () => deps.limiter.refund(quota, id)),
    ...(s.releaseLease ? [() => deps.limiter.release(limiterKeys.inFlight(subject), s.releaseLease as string)] : []),
  ];
  const results = await Promise.allSettled(steps.map((step) => step()));
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) deps.logger.error("quota settlement incomplete", { failed, of: results.length });
}

const endedCounter = { succeeded: "generationsSucceeded", failed: "generationsFailed", canceled: "generationsCanceled" } as const;

const progressOf = (p: PredictionDoc) => (p.ingest === "done" ? 1 : p.progress);

/**
 * The generation's patch after its predictions changed: progress, new outputs, and — when every planned
 * prediction is done — its final status. `predictions` must be every prediction document of the plan, updated.
 */
export function generationPatch(
  gen: GenerationDoc,
  predictions: PredictionDoc[],
  newOutputs: OutputDoc[],
  now: Date,
): { patch: DocPatch; finalized: boolean; ended: Settlement["ended"] } {
  const outputs = [...gen.outputs, ...newOutputs];
  const planned = gen.predictionIds.length;
  const progress = predictions.reduce((sum, p) => sum + progressOf(p), 0) / Math.max(1, planned);
  const patch: DocPatch = { updatedAt: now, progress: round(progress) };
  if (newOutputs.length > 0) patch.outputs = outputs;
  const done = predictions.length === planned && predictions.every((p) => p.ingest === "done");
  if (!done) {
    if (gen.status === "queued") patch.status = "running";
    return { patch, finalized: false, ended: undefined };
  }
  const failure = predictions.find((p) => p.status === "failed");
  const ended = outputs.length > 0 ? "succeeded" : failure ? "failed" : "canceled";
  if (ended === "succeeded") {
    Object.assign(patch, { status: ended, progress: 1, error: null });
  } else if (failure) {
    Object.assign(patch, { status: ended, error: generationError(failure.errorCode ?? "model-failed") });
  } else {
    Object.assign(patch, { status: ended, error: null });
  }
  patch.completedAt = now;
  return { patch, finalized: true, ended };
}

/** The patch that settles a prediction for good. */
export type DonePatch = Pick<PredictionDoc, "status" | "ingest" | "claimId" | "progress" | "errorCode" | "images" | "updatedAt">;

export function donePatch(status: "succeeded" | "failed" | "canceled", errorCode: GenerationErrorCode | null, now: Date, images: OutputDoc[] = []): DonePatch {
  return { status, ingest: "done", claimId: null, progress: 1, errorCode, images, updatedAt: now };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
