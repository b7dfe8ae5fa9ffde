/**
 * POST /v1/generations (DESIGN.md §6): check the account, the rate, the in-flight limit and the daily quota; store
 * the generation with its prompt sealed; create the model predictions with webhooks. Quota is reserved per
 * prediction, so a failed prediction refunds exactly its images.
 *
 * When the model service cannot be reached (or refuses) at creation, the generation is still answered 202 — with
 * status `failed` and error `model-unavailable`/`model-rejected`, everything refunded and the lease released —
 * rather than 5xx: the record exists and says what happened (the studio shows it like any other failure), and an
 * Idempotency-Key replays that same truthful answer instead of a transient error.
 */
import type { CreateGenerationRequest, GenerationAccepted, GenerationErrorCode } from "@bez/contracts";
import { type ImageModel, ImageModelError, type LeaseDecision, type Prediction, type QuotaDecision } from "../../ports.ts";
import { type ProfileDeps, ensureProfile } from "../accounts/profile.ts";
import { refuseIfErasing } from "../deletion/fence.ts";
import { DomainError } from "../errors.ts";
import { failClosed, rateHeaders, rateLimited } from "../limits/enforce.ts";
import { limiterKeys, userSubject } from "../limits/policies.ts";
import type { RequestContext } from "../principal.ts";
import { seal } from "../vault/envelope.ts";
import { getImage } from "../vault/images.ts";
import type { GenerationDeps } from "./deps.ts";
import { applyPrediction } from "./ingest.ts";
import { type PredictionPlan, outputsPerPrediction, planPredictions } from "./model-input.ts";
import { type PresetDefinition, findPreset } from "./presets.ts";
import { type GenerationDoc, type PredictionDoc, generationPath, isTerminal, placeholderId, predictionPath } from "./records.ts";
import { settle } from "./settle.ts";
import { cancelAtModel, terminateGeneration } from "./terminate.ts";

export interface CreateResult {
  accepted: GenerationAccepted;
  /** Rate-limit headers to send with the answer. */
  headers: Record<string, string>;
}

export const webhookPath = "/v1/webhooks/replicate";

export async function createGeneration(
  deps: GenerationDeps,
  profiles: ProfileDeps,
  ctx: RequestContext,
  request: CreateGenerationRequest,
): Promise<CreateResult> {
  const model = deps.model;
  if (!model) throw new DomainError("dependency-unavailable", "Image generation is not configured on this server.");
  const uid = ctx.principal.uid;
  const subject = userSubject(uid);
  const preset = findPreset(request.preset);
  // The generation rate, the in-flight lease and every reservation in one atomic round trip, beside the profile read.
  const [profileRead, admitted] = await Promise.allSettled([
    ensureProfile(profiles, ctx),
    failClosed(() =>
      deps.limiter.admit({
        rate: { key: limiterKeys.rate("generations", subject), policy: deps.settings.rate },
        lease: { key: limiterKeys.inFlight(subject), ...deps.settings.inFlight },
        quota: { key: limiterKeys.dailyImages(subject), amounts: outputsPerPrediction(preset, request.count), limit: deps.settings.dailyQuota },
      }),
    ),
  ]);
  if (admitted.status === "rejected") throw admitted.reason;
  const admission = admitted.value;
  // What the admission took goes back when the request fails before the generation is stored.
  const giveBack = () =>
    admission.outcome === "admitted"
      ? settle(deps, { uid, commit: [], refund: admission.reservationIds, releaseLease: admission.leaseId })
      : Promise.resolve();
  const headers = rateHeaders(deps.settings.rate, admission.rate);
  if (admission.outcome === "rate-limited") {
    if (profileRead.status === "rejected") throw profileRead.reason;
    throw rateLimited(admission.rate, headers);
  }

  let plans: PredictionPlan[];
  try {
    if (profileRead.status === "rejected") throw profileRead.reason;
    const profile = profileRead.value;
    if (profile.status === "restricted") {
      throw new DomainError("processing-restricted", "Processing is restricted on this account: new generations cannot start.");
    }
    if (profile.status === "deleting") throw new DomainError("not-found", "This account is being deleted.");
    const referenceUrl = await reference(deps, uid, preset, request);
    plans = planPredictions(preset, {
      prompt: request.prompt,
      aspectRatio: request.aspectRatio,
      count: request.count,
      seed: request.seed ?? null,
      referenceUrl,
    });
  } catch (error) {
    await giveBack();
    throw error;
  }
  if (admission.outcome === "lease-refused") throw leaseRefused(deps.settings.inFlight.limit, admission.lease);
  if (admission.outcome === "quota-refused") throw quotaRefused(deps.settings.dailyQuota, admission.quota);
  const { leaseId, reservationIds: reservations } = admission;

  const id = deps.ids.next();
  const now = deps.clock.now();
  try {
    const key = await deps.vault.dataKeys.obtain(uid);
    const gen: GenerationDoc = {
      status: "queued",
      progress: null,
      prompt: seal(key, { uid, kind: "prompt", id }, Buffer.from(request.prompt, "utf8")),
      preset: preset.id,
      aspectRatio: request.aspectRatio,
      count: request.count,
      referenceImageId: request.referenceImageId ?? null,
      seed: request.seed ?? null,
      outputs: [],
      error: null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      predictionIds: plans.map((_, i) => placeholderId(id, i)),
      leaseId,
    };
    await deps.store.runTransaction(async (tx) => {
      await refuseIfErasing(tx, uid);
      tx.create(generationPath(uid, id), gen);
      plans.forEach((plan, i) => {
        const placeholder: PredictionDoc = {
          uid,
          generationId: id,
          status: "planned",
          outputs: plan.outputs,
          reservationId: reservations[i] ?? null,
          ingest: "open",
          claimId: null,
          progress: 0,
          errorCode: null,
          images: [],
          createdAt: now,
          updatedAt: now,
        };
        tx.create(predictionPath(placeholderId(id, i)), placeholder);
      });
    });
  } catch (error) {
    await settle(deps, { uid, commit: [], refund: reservations, releaseLease: leaseId });
    throw error;
  }

  deps.metrics.count("generationsStarted");
  const failure = await startPredictions(deps, model, uid, id, plans);
  const status = failure ? "failed" : "queued";
  if (failure) await terminateGeneration(deps, uid, id, { status: "failed", code: failure });
  return {
    accepted: { id, status, preset: preset.id, aspectRatio: request.aspectRatio, count: request.count, createdAt: now.toISOString() },
    headers,
  };
}

/** The signed link the model fetches the reference photo from; validates the reference rules of the preset. */
async function reference(deps: GenerationDeps, uid: string, preset: PresetDefinition, request: CreateGenerationRequest): Promise<string | null> {
  if (!preset.aspectRatios.includes(request.aspectRatio)) {
    throw new DomainError("invalid-request", "Some fields are missing or not valid.", [
      { path: "aspectRatio", message: `The ${preset.title} preset offers ${preset.aspectRatios.join(", ")}` },
    ]);
  }
  if (!preset.needsReference) {
    if (request.referenceImageId === undefined) return null;
    throw new DomainError("invalid-request", "Some fields are missing or not valid.", [
      { path: "referenceImageId", message: `The ${preset.title} preset does not use a reference photo` },
    ]);
  }
  if (request.referenceImageId === undefined) {
    throw new DomainError("invalid-request", "Some fields are missing or not valid.", [
      { path: "referenceImageId", message: `The ${preset.title} preset needs a photo of your piece: upload it and pass its id` },
    ]);
  }
  // Another user's image is "not found", like everywhere else.
  await getImage(deps.vault, uid, request.referenceImageId);
  const { params } = deps.links.issue(uid, request.referenceImageId, "model");
  const url = new URL(`${deps.settings.callbackBaseUrl}/v1/images/${request.referenceImageId}/content`);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

function leaseRefused(limit: number, lease: LeaseDecision): DomainError {
  return new DomainError(
    "quota-exceeded",
    `You already have ${limit} generations in progress, the most at once. Start this one when one of them has finished.`,
    undefined,
    // The real wait is one generation's run time, not the lease's worst case.
    { "Retry-After": String(Math.min(lease.retryAfterSeconds, 10)) },
  );
}

function quotaRefused(quota: number, decision: QuotaDecision): DomainError {
  const hours = Math.floor(decision.resetSeconds / 3600);
  const minutes = Math.ceil((decision.resetSeconds % 3600) / 60);
  const left = Math.max(0, quota - decision.used);
  return new DomainError(
    "quota-exceeded",
    `Your daily allowance of ${quota} images is used up (${left} left today). It resets at midnight UTC, in ${hours} h ${minutes} min.`,
    undefined,
    { "Retry-After": String(decision.resetSeconds) },
  );
}

/** Creates every planned prediction; returns why the generation failed, or null when the model accepted them all. */
async function startPredictions(
  deps: GenerationDeps,
  model: ImageModel,
  uid: string,
  generationId: string,
  plans: PredictionPlan[],
): Promise<GenerationErrorCode | null> {
  const webhookUrl = `${deps.settings.callbackBaseUrl}${webhookPath}`;
  const outcomes = await Promise.all(
    plans.map(async (plan, i): Promise<GenerationErrorCode | null> => {
      let prediction: Prediction;
      try {
        prediction = await model.create({ model: plan.model, input: plan.input, webhookUrl });
      } catch (error) {
        if (!(error instanceof ImageModelError)) throw error;
        deps.logger.warn("prediction not created", { generation: generationId, reason: error.code });
        return error.code === "rejected" ? "model-rejected" : "model-unavailable";
      }
      if (!(await register(deps, uid, generationId, placeholderId(generationId, i), prediction))) {
        await cancelAtModel(deps, [prediction.id]);
      } else if (prediction.status !== "starting") {
        // Applied before answering (nothing runs after it on Cloud Functions); if this fails, the webhook or the
        // reconciler brings the same news later, so the generation is still accepted.
        await applyPrediction(deps, prediction).catch((error: unknown) => {
          deps.logger.warn("prediction state not applied at creation", { generation: generationId, error: error instanceof Error ? error.name : "error" });
        });
      }
      return null;
    }),
  );
  return outcomes.find((o) => o !== null) ?? null;
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
