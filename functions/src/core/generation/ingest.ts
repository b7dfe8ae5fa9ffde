/**
 * Feeds a prediction's state (from a webhook or a reconciler poll: the same path) into the store. Progress and
 * failures are settled in one transaction; success is claimed in one transaction, the outputs are fetched,
 * sanitized, encrypted and checked outside it, and the result is committed in a second transaction that first
 * checks the claim is still ours — so a webhook, its replays and the reconciler never ingest twice, and a
 * cancel that wins the race discards what the loser stored.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { GenerationErrorCode } from "@bez/contracts";
import type { DocPatch, EncodedImage, Prediction, Transaction } from "../../ports.ts";
import { deleteImage, ingestSanitized } from "../vault/images.ts";
import { sniffImageFormat } from "../vault/sniff.ts";
import type { GenerationDeps } from "./deps.ts";
import { analyzeOptions, checkAmazonMainImage } from "./marketplace.ts";
import { findPreset } from "./presets.ts";
import { progressFromLogs } from "./progress.ts";
import { type GenerationDoc, type OutputDoc, type PredictionDoc, generationPath, predictionPath } from "./records.ts";
import { type Settlement, donePatch, generationPatch, noSettlement, settle } from "./settle.ts";

/** A claim older than this belongs to a worker that died mid-ingestion; the reconciler may take it over. */
export const claimTimeoutSeconds = 180;

export type ApplyResult = "unknown" | "ignored" | "updated" | "settled" | "ingested" | "busy";

const statusRank: Record<PredictionDoc["status"], number> = { planned: 0, starting: 1, processing: 2, succeeded: 3, failed: 3, canceled: 3 };

interface Loaded {
  pred: PredictionDoc;
  gen: GenerationDoc | null;
  /** Every prediction document of the plan except this one. */
  others: PredictionDoc[];
}

async function load(tx: Transaction, id: string): Promise<Loaded | null> {
  const snap = await tx.get(predictionPath(id));
  if (!snap) return null;
  const pred = snap.data as PredictionDoc;
  const genSnap = await tx.get(generationPath(pred.uid, pred.generationId));
  const gen = (genSnap?.data as GenerationDoc | undefined) ?? null;
  const siblings = gen ? await tx.getAll(gen.predictionIds.filter((p) => p !== id).map(predictionPath)) : [];
  return { pred, gen, others: siblings.flatMap((s) => (s ? [s.data as PredictionDoc] : [])) };
}

function claimIsStale(pred: PredictionDoc, now: Date): boolean {
  return now.getTime() - pred.updatedAt.getTime() > claimTimeoutSeconds * 1000;
}

/** Settles a prediction as done inside `tx` (after its reads) and says what to do with quota and lease. */
function settleInTx(
  tx: Transaction,
  id: string,
  { pred, gen, others }: Loaded,
  status: "succeeded" | "failed" | "canceled",
  errorCode: GenerationErrorCode | null,
  images: OutputDoc[],
  now: Date,
): Settlement {
  const patch = donePatch(status, errorCode, now, images);
  tx.update(predictionPath(id), patch as DocPatch);
  const settlement = noSettlement(pred.uid);
  if (pred.reservationId) (images.length > 0 ? settlement.commit : settlement.refund).push(pred.reservationId);
  if (!gen) return settlement;
  const { patch: genPatch, finalized, ended } = generationPatch(gen, [...others, { ...pred, ...patch }], images, now);
  tx.update(generationPath(pred.uid, pred.generationId), genPatch);
  if (finalized) {
    settlement.releaseLease = gen.leaseId;
    settlement.ended = ended;
  }
  return settlement;
}

/**
 * A prediction settled for good (exactly once: the transaction that moved it to done committed): its model run time
 * goes to the admin metrics and, as one log line, to whoever reads the logs (Axiom's latency queries).
 */
function predictionFinished(deps: GenerationDeps, prediction: Prediction): void {
  if (prediction.modelSeconds !== undefined) deps.metrics.observeModelSeconds(prediction.modelSeconds);
  deps.logger.info("prediction finished", { prediction: prediction.id, outcome: prediction.status, modelSeconds: prediction.modelSeconds ?? null });
}

/** Applies what the model says about a prediction. Safe to call any number of times, from any process. */
export async function applyPrediction(deps: GenerationDeps, prediction: Prediction): Promise<ApplyResult> {
  const now = deps.clock.now();
  const id = prediction.id;
  // Whose generation this is, as the transaction's last attempt read it.
  const seen: { pred: PredictionDoc | null } = { pred: null };
  const step = await deps.store.runTransaction(async (tx) => {
    const loaded = await load(tx, id);
    if (!loaded) return { result: "unknown" as const };
    seen.pred = loaded.pred;
    const { pred, gen, others } = loaded;
    if (pred.ingest === "done") return { result: "ignored" as const };
    // The generation is gone (its account was erased): settle the prediction and stop.
    if (!gen) return { result: "settled" as const, settlement: settleInTx(tx, id, loaded, "canceled", null, [], now) };

    switch (prediction.status) {
      case "succeeded": {
        if (pred.ingest === "ingesting" && !claimIsStale(pred, now)) return { result: "busy" as const };
        const claimId = deps.ids.next();
        tx.update(predictionPath(id), { status: "succeeded", ingest: "ingesting", claimId, updatedAt: now });
        return { result: "claimed" as const, claimId, pred, gen };
      }
      case "failed":
      case "canceled": {
        const code = prediction.status === "failed" ? "model-failed" : null;
        return { result: "settled" as const, settlement: settleInTx(tx, id, loaded, prediction.status, code, [], now) };
      }
      default: {
        // Webhooks can arrive out of order: never move a prediction backwards.
        if (statusRank[prediction.status] < statusRank[pred.status]) return { result: "ignored" as const };
        const progress = prediction.status === "processing" ? (progressFromLogs(prediction.logs) ?? pred.progress) : pred.progress;
        if (prediction.status === pred.status && progress === pred.progress && gen.status !== "queued") return { result: "ignored" as const };
        tx.update(predictionPath(id), { status: prediction.status, progress, updatedAt: now });
        const { patch } = generationPatch(gen, [...others, { ...pred, status: prediction.status, progress }], [], now);
        tx.update(generationPath(pred.uid, pred.generationId), patch);
        return { result: "updated" as const };
      }
    }
  });

  const changed = seen.pred;
  // After the quota and lease are settled, so whoever hears of the change sees them settled too.
  if (step.result === "settled") {
    predictionFinished(deps, prediction);
    await settle(deps, step.settlement);
  }
  if (changed && (step.result === "updated" || step.result === "settled")) deps.changes.notify(changed.uid, changed.generationId);
  if (step.result === "settled") return "settled";
  if (step.result !== "claimed") return step.result;
  return ingestOutputs(deps, prediction, step.claimId, step.pred, step.gen);
}

async function ingestOutputs(
  deps: GenerationDeps,
  prediction: Prediction,
  claimId: string,
  pred: PredictionDoc,
  gen: GenerationDoc,
): Promise<ApplyResult> {
  const { uid, generationId } = pred;
  const preset = findPreset(gen.preset);
  const urls = prediction.output.slice(0, pred.outputs);
  const attempts = await Promise.allSettled(
    urls.map(async (url): Promise<OutputDoc> => {
      const bytes = await deps.fetcher.fetch(url);
      const declared = sniffImageFormat(bytes);
      if (!declared) throw new Error("output is not an image");
      const analyze = preset.marketplaceCheck ? (image: EncodedImage) => deps.vault.codec.analyze(image.bytes, analyzeOptions) : undefined;
      const { record, inspection } = await ingestSanitized(deps.vault, uid, { bytes, declared, kind: "output", generationId }, analyze);
      const marketplace = inspection ? checkAmazonMainImage(inspection) : null;
      return { imageId: record.id, marketplace, derivedFrom: null };
    }),
  );
  const stored = attempts.flatMap((a) => (a.status === "fulfilled" ? [a.value] : []));
  const failed = urls.length === 0 || stored.length < urls.length;
  if (failed) {
    const reasons = attempts.flatMap((a) => (a.status === "rejected" ? [a.reason instanceof Error ? a.reason.name : "error"] : []));
    deps.logger.warn("prediction outputs refused", { prediction: prediction.id, outputs: urls.length, reasons: reasons.join(",") });
  }
  // One prediction is one reservation: keep all of its images or none.
  const keep = failed ? [] : stored;
  const discard = failed ? stored : [];

  const now = deps.clock.now();
  const step = await deps.store.runTransaction(async (tx) => {
    const loaded = await load(tx, prediction.id);
    if (!loaded || loaded.pred.ingest !== "ingesting" || loaded.pred.claimId !== claimId) return null;
    return failed
      ? settleInTx(tx, prediction.id, loaded, "failed", "output-invalid", [], now)
      : settleInTx(tx, prediction.id, loaded, "succeeded", null, keep, now);
  });
  // Lost the claim (canceled, timed out, or taken over): whatever was stored here is nobody's.
  const orphans = step ? discard : [...keep, ...discard];
  await Promise.allSettled(orphans.map((o) => deleteImage(deps.vault, uid, o.imageId)));
  if (!step) return "ignored";
  predictionFinished(deps, prediction);
  await settle(deps, step);
  deps.changes.notify(uid, generationId);
  return failed ? "settled" : "ingested";
}

/**
 * A webhook can overtake the request that created its prediction (the document is written when the model's
 * answer comes back): wait briefly for the document before giving up. The reconciler covers the rest.
 */
export async function applyWhenKnown(deps: GenerationDeps, prediction: Prediction, waitsMs = [50, 150, 300, 600, 1200, 2500]): Promise<ApplyResult> {
  let result = await applyPrediction(deps, prediction);
  for (const wait of waitsMs) {
    if (result !== "unknown") return result;
    await sleep(wait);
    result = await applyPrediction(deps, prediction);
  }
  if (result === "unknown") deps.logger.warn("webhook for an unknown prediction", { prediction: prediction.id });
  return result;
}

/**
 * Webhooks carry only start and completion, so progress in between comes from polling the model — done only while
 * someone watches (the events stream), through the same path as every other update.
 */
export async function refreshFromModel(deps: GenerationDeps, uid: string, generationId: string): Promise<void> {
  const model = deps.model;
  const snapshot = await deps.store.get(generationPath(uid, generationId));
  if (!model || !snapshot) return;
  const gen = snapshot.data as GenerationDoc;
  if (gen.status !== "queued" && gen.status !== "running") return;
  const predictions = await deps.store.getAll(gen.predictionIds.map(predictionPath));
  for (const p of predictions) {
    const pred = p?.data as PredictionDoc | undefined;
    if (p && pred?.ingest === "open" && pred.status !== "planned") await applyPrediction(deps, await model.get(p.id));
  }
}
