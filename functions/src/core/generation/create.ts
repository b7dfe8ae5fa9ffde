/**
 * POST /v1/generations (DESIGN.md §6), as one use case: the Idempotency-Key, the account gate, the rate, the
 * in-flight limit and the daily quota (one Lua admission), then ONE transaction storing the generation (prompt
 * sealed), its prediction placeholders and the idempotency record; answered 202 queued. The model is called off
 * the request path, by a dispatcher (dispatch.ts), so a slow or failing model never holds a request: when it cannot
 * be reached or refuses, the generation ends `failed` (`model-unavailable`/`model-rejected`) with everything
 * refunded and the lease released, which the client sees on the generation and its events stream.
 *
 * `queueGeneration` is the reusable part (reserve the units, store the generation, hand it to the dispatcher) for
 * every endpoint that starts a generation.
 */
import type { CreateGenerationRequest, GenerationAccepted } from "@bez/contracts";
import type { LeaseDecision, QuotaDecision } from "../../ports.ts";
import { requireActiveProfile } from "../accounts/active.ts";
import type { ProfileDeps } from "../accounts/profile.ts";
import { refuseIfErasing } from "../deletion/fence.ts";
import { DomainError } from "../errors.ts";
import { failClosed, rateHeaders, rateLimited } from "../limits/enforce.ts";
import { limiterKeys, userSubject } from "../limits/policies.ts";
import type { RequestContext } from "../principal.ts";
import { seal } from "../vault/envelope.ts";
import { getImage } from "../vault/images.ts";
import type { GenerationDeps } from "./deps.ts";
import { type IdempotencyClaim, type Replay, idempotencyClaim, recordAnswer, replayOf } from "./idempotency.ts";
import { outputsPerPrediction } from "./model-input.ts";
import { type PresetDefinition, findPreset } from "./presets.ts";
import { type GenerationDoc, type PredictionDoc, generationPath, placeholderId, predictionPath } from "./records.ts";
import { settle } from "./settle.ts";

/** What a started generation is made of; the prompt is sealed before it is stored. */
export interface GenerationOrder {
  preset: PresetDefinition;
  prompt: string;
  aspectRatio: CreateGenerationRequest["aspectRatio"];
  count: number;
  seed: number | null;
  referenceImageId: string | null;
}

export type CreateOutcome =
  | {
      kind: "accepted";
      accepted: GenerationAccepted;
      /** The JSON answer, exactly as an Idempotency-Key replay sends it again. */
      body: string;
      /** Rate-limit headers to send with the answer. */
      headers: Record<string, string>;
    }
  | ({ kind: "replay"; id: string } & Replay);

export async function createGeneration(
  deps: GenerationDeps,
  profiles: ProfileDeps,
  ctx: RequestContext,
  request: CreateGenerationRequest,
  idempotencyKey?: string,
): Promise<CreateOutcome> {
  const idempotency = idempotencyClaim(ctx.principal.uid, idempotencyKey, request);
  if (idempotency) {
    // The common replay is answered from one read, without spending rate, lease or quota.
    const replay = replayOf(await deps.store.get(idempotency.path), idempotency, deps.clock.now());
    if (replay) return replayed(replay);
  }
  const preset = findPreset(request.preset);
  const order: GenerationOrder = {
    preset,
    prompt: request.prompt,
    aspectRatio: request.aspectRatio,
    count: request.count,
    seed: request.seed ?? null,
    referenceImageId: request.referenceImageId ?? null,
  };
  return queueGeneration(deps, profiles, ctx, order, { idempotency, check: () => checkReference(deps, ctx.principal.uid, preset, request) });
}

export interface QueueOptions {
  idempotency?: IdempotencyClaim | undefined;
  /** Request checks that need the store (a reference image exists, say): run after admission, refunded on failure. */
  check?: () => Promise<void>;
}

/**
 * Reserves the order's units (rate, in-flight lease and quota in one admission), stores the generation with its
 * placeholders and the idempotency record in one transaction, and announces it queued for the dispatcher.
 */
export async function queueGeneration(
  deps: GenerationDeps,
  profiles: ProfileDeps,
  ctx: RequestContext,
  order: GenerationOrder,
  options: QueueOptions = {},
): Promise<CreateOutcome> {
  if (!deps.model) throw new DomainError("dependency-unavailable", "Image generation is not configured on this server.");
  const uid = ctx.principal.uid;
  const subject = userSubject(uid);
  const amounts = outputsPerPrediction(order.preset, order.count);
  // The generation rate, the in-flight lease and every reservation in one atomic round trip, beside the profile read.
  const [profileRead, admitted] = await Promise.allSettled([
    requireActiveProfile(profiles, ctx, "generations"),
    failClosed(() =>
      deps.limiter.admit({
        rate: { key: limiterKeys.rate("generations", subject), policy: deps.settings.rate },
        lease: { key: limiterKeys.inFlight(subject), ...deps.settings.inFlight },
        quota: { key: limiterKeys.dailyImages(subject), amounts, limit: deps.settings.dailyQuota },
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
  try {
    if (profileRead.status === "rejected") throw profileRead.reason;
    await options.check?.();
  } catch (error) {
    await giveBack();
    throw error;
  }
  if (admission.outcome === "lease-refused") throw leaseRefused(deps.settings.inFlight.limit, admission.lease);
  if (admission.outcome === "quota-refused") throw quotaRefused(deps.settings.dailyQuota, admission.quota);
  const { leaseId, reservationIds } = admission;

  const id = deps.ids.next();
  const now = deps.clock.now();
  let stored: { replay: Replay | null; body: string; accepted: GenerationAccepted };
  try {
    const key = await deps.vault.dataKeys.obtain(uid);
    const predictionIds = amounts.map((_, i) => placeholderId(id, i));
    const gen: GenerationDoc = {
      status: "queued",
      progress: null,
      prompt: seal(key, { uid, kind: "prompt", id }, Buffer.from(order.prompt, "utf8")),
      preset: order.preset.id,
      aspectRatio: order.aspectRatio,
      count: order.count,
      referenceImageId: order.referenceImageId,
      seed: order.seed,
      outputs: [],
      error: null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      predictionIds,
      leaseId,
    };
    const accepted: GenerationAccepted = { id, status: "queued", preset: order.preset.id, aspectRatio: order.aspectRatio, count: order.count, createdAt: now.toISOString() };
    const body = JSON.stringify(accepted);
    const { idempotency } = options;
    const replay = await deps.store.runTransaction(async (tx) => {
      const [, existing] = await Promise.all([refuseIfErasing(tx, uid), idempotency ? tx.get(idempotency.path) : null]);
      // A duplicate that raced this one past the first read: the store serialized them, so it sees the answer now.
      const earlier = idempotency ? replayOf(existing, idempotency, now) : null;
      if (earlier) return earlier;
      tx.create(generationPath(uid, id), gen);
      amounts.forEach((outputs, i) => {
        const placeholder: PredictionDoc = {
          uid,
          generationId: id,
          status: "planned",
          outputs,
          reservationId: reservationIds[i] ?? null,
          ingest: "open",
          claimId: null,
          progress: 0,
          errorCode: null,
          submittedAt: null,
          images: [],
          createdAt: now,
          updatedAt: now,
        };
        tx.create(predictionPath(predictionIds[i] as string), placeholder);
      });
      if (idempotency) recordAnswer(tx, idempotency, { status: 202, body }, now);
      return null;
    });
    stored = { replay, body, accepted };
  } catch (error) {
    await giveBack();
    throw error;
  }
  if (stored.replay) {
    await giveBack();
    return replayed(stored.replay);
  }
  deps.metrics.count("generationsStarted");
  deps.changes.queued(uid, id);
  return { kind: "accepted", accepted: stored.accepted, body: stored.body, headers };
}

function replayed(replay: Replay): CreateOutcome {
  return { kind: "replay", id: (JSON.parse(replay.body) as { id: string }).id, ...replay };
}

/** The reference rules of the preset; a reference image must be the caller's (another user's is "not found"). */
async function checkReference(deps: GenerationDeps, uid: string, preset: PresetDefinition, request: CreateGenerationRequest): Promise<void> {
  if (!preset.aspectRatios.includes(request.aspectRatio)) {
    throw new DomainError("invalid-request", "Some fields are missing or not valid.", [
      { path: "aspectRatio", message: `The ${preset.title} preset offers ${preset.aspectRatios.join(", ")}` },
    ]);
  }
  if (!preset.needsReference) {
    if (request.referenceImageId === undefined) return;
    throw new DomainError("invalid-request", "Some fields are missing or not valid.", [
      { path: "referenceImageId", message: `The ${preset.title} preset does not use a reference photo` },
    ]);
  }
  if (request.referenceImageId === undefined) {
    throw new DomainError("invalid-request", "Some fields are missing or not valid.", [
      { path: "referenceImageId", message: `The ${preset.title} preset needs a photo of your piece: upload it and pass its id` },
    ]);
  }
  await getImage(deps.vault, uid, request.referenceImageId);
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
