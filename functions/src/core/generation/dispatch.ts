/**
 * Submits a queued generation to the model, off the request that created it: the request stored the generation and
 * its placeholders in one transaction and answered 202; this creates the model predictions (with webhooks) and
 * replaces each placeholder with the model's prediction. Locally it runs in the API process, woken by the change
 * feed; on Cloud Functions a trigger on the generation document runs it; the reconciler runs it for any placeholder
 * left unsubmitted (a crash between the commit and the dispatch), so nothing queued is lost.
 *
 * Each placeholder is claimed (`submittedAt`) in a transaction before its create, so two dispatchers never submit
 * the same one. When the model cannot be reached or refuses, the generation fails (`model-unavailable` /
 * `model-rejected`) with everything refunded and the lease released: the user sees that outcome on the generation.
 */
import type { GenerationErrorCode } from "@bez/contracts";
import { ImageModelError, type Prediction } from "../../ports.ts";
import { refuseIfErasing } from "../deletion/fence.ts";
import { open } from "../vault/envelope.ts";
import type { GenerationDeps } from "./deps.ts";
import { applyPrediction } from "./ingest.ts";
import { planPredictions } from "./model-input.ts";
import { findPreset } from "./presets.ts";
import { type GenerationDoc, type PredictionDoc, generationPath, isTerminal, predictionPath } from "./records.ts";
import { cancelAtModel, terminateGeneration } from "./terminate.ts";

export const webhookPath = "/v1/webhooks/replicate";

export interface DispatchReport {
  /** Placeholders this call submitted (0 when another dispatcher had them, or the generation ended). */
  submitted: number;
  failed: GenerationErrorCode | null;
}

export async function dispatchGeneration(deps: GenerationDeps, uid: string, id: string): Promise<DispatchReport> {
  const model = deps.model;
  if (!model) return { submitted: 0, failed: null };
  const claimed = await claimPlaceholders(deps, uid, id);
  if (!claimed) return { submitted: 0, failed: null };
  const { gen, indexes } = claimed;
  const key = await deps.vault.dataKeys.find(uid);
  // No data key: the account was erased meanwhile, and erasure ends its generations.
  if (!key) return { submitted: 0, failed: null };
  const preset = findPreset(gen.preset);
  const plans = planPredictions(preset, {
    prompt: open(key, { uid, kind: "prompt", id }, gen.prompt).toString("utf8"),
    aspectRatio: gen.aspectRatio,
    count: gen.count,
    seed: gen.seed,
    referenceUrl: gen.referenceImageId === null ? null : referenceLink(deps, uid, gen.referenceImageId),
  });
  const webhookUrl = `${deps.settings.callbackBaseUrl}${webhookPath}`;
  const outcomes = await Promise.all(
    indexes.map(async (i): Promise<GenerationErrorCode | null> => {
      const plan = plans[i];
      const placeholder = gen.predictionIds[i];
      if (!plan || !placeholder) return null;
      let prediction: Prediction;
      try {
        prediction = await model.create({ model: plan.model, input: plan.input, webhookUrl });
      } catch (error) {
        if (!(error instanceof ImageModelError)) throw error;
        deps.logger.warn("prediction not created", { generation: id, reason: error.code });
        return error.code === "rejected" ? "model-rejected" : "model-unavailable";
      }
      if (!(await register(deps, uid, id, placeholder, prediction))) {
        await cancelAtModel(deps, [prediction.id]);
      } else if (prediction.status !== "starting") {
        // If this fails, the webhook or the reconciler brings the same news later.
        await applyPrediction(deps, prediction).catch((error: unknown) => {
          deps.logger.warn("prediction state not applied at creation", { generation: id, error: error instanceof Error ? error.name : "error" });
        });
      }
      return null;
    }),
  );
  const failed = outcomes.find((o) => o !== null) ?? null;
  if (failed) await terminateGeneration(deps, uid, id, { status: "failed", code: failed });
  return { submitted: indexes.length, failed };
}

/** The signed link the model fetches the reference photo from (the request already checked the image is theirs). */
function referenceLink(deps: GenerationDeps, uid: string, imageId: string): string {
  const { params } = deps.links.issue(uid, imageId, "model");
  const url = new URL(`${deps.settings.callbackBaseUrl}/v1/images/${imageId}/content`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** Marks the generation's unsubmitted placeholders as being submitted; null when there is none (or it ended). */
async function claimPlaceholders(deps: GenerationDeps, uid: string, id: string): Promise<{ gen: GenerationDoc; indexes: number[] } | null> {
  const now = deps.clock.now();
  return deps.store.runTransaction(async (tx) => {
    const genSnap = await tx.get(generationPath(uid, id));
    const gen = genSnap?.data as GenerationDoc | undefined;
    if (!gen || isTerminal(gen.status)) return null;
    const snaps = await tx.getAll(gen.predictionIds.map(predictionPath));
    const indexes: number[] = [];
    snaps.forEach((snap, i) => {
      const pred = snap?.data as PredictionDoc | undefined;
      if (!snap || !pred || pred.status !== "planned" || pred.ingest !== "open" || pred.submittedAt !== null) return;
      tx.update(snap.path, { submittedAt: now, updatedAt: now });
      indexes.push(i);
    });
    return indexes.length === 0 ? null : { gen, indexes };
  });
}

/** Replaces a placeholder with the model's prediction; false when the generation ended meanwhile. */
async function register(deps: GenerationDeps, uid: string, generationId: string, placeholder: string, prediction: Prediction): Promise<boolean> {
  const now = deps.clock.now();
  const genPath = generationPath(uid, generationId);
  return deps.store.runTransaction(async (tx) => {
    const [planSnap, genSnap] = await tx.getAll([predictionPath(placeholder), genPath]);
    const plan = planSnap?.data as PredictionDoc | undefined;
    const gen = genSnap?.data as GenerationDoc | undefined;
    if (!plan || plan.ingest === "done" || !gen || isTerminal(gen.status)) return false;
    await refuseIfErasing(tx, uid);
    const doc: PredictionDoc = { ...plan, status: prediction.status === "processing" ? "processing" : "starting", updatedAt: now };
    tx.delete(predictionPath(placeholder));
    tx.create(predictionPath(prediction.id), doc);
    tx.update(genPath, { predictionIds: gen.predictionIds.map((p) => (p === placeholder ? prediction.id : p)) });
    return true;
  });
}
