/**
 * Black-box tests of generations against the real app, the real Auth emulator and redis-server, and the local
 * Replicate-compatible server (offline renderer, Standard-Webhooks-signed webhooks, fault injection): the whole
 * flow to decrypted outputs, marketplace checks, webhooks forged, stale and replayed, model faults (5xx, dropped
 * webhooks, hangs), idempotency, cancel, limits, restriction, SSE — and that neither the prompt (on disk) nor the
 * model service's address (in any answer) leaks.
 */
import { randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Generation, GenerationAccepted, GenerationEvent, GenerationList, MarketplaceFix, Me, Preset } from "@bez/contracts";
import { type ImageModel, ImageModelError, StoreError } from "../../functions/src/ports.ts";
import { createUser, type AuthSession } from "../helpers/auth-emulator-client.ts";
import { signedWebhookHeaders, waitFor } from "../helpers/webhooks.ts";
import { startGenerationStack, type GenerationStack } from "../helpers/generation-stack.ts";
import { swatch } from "../helpers/images.ts";
import { expectProblem } from "../helpers/problems.ts";

let stack: GenerationStack;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const email = () => `jeweler-${randomUUID()}@example.test`;
const newUser = () => createUser(email(), "correct horse battery staple");
/** A prompt that must never be found in plaintext at rest. */
const canary = `canary-${randomUUID()}`;
/** Every response body seen in this file, to prove none names the model service. */
const bodies: string[] = [];

async function call(path: string, init: RequestInit & { token?: string; json?: unknown; on?: GenerationStack } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  const response = await fetch(`${(init.on ?? stack).api.url}${path}`, { ...init, headers, body });
  if ((response.headers.get("content-type") ?? "").match(/json|text/)) bodies.push(await response.clone().text());
  return response;
}


/** The local renderer draws a necklace large enough to fill Amazon's 85% on its longest axis. */
const packshot = (extra: Record<string, unknown> = {}) => ({ preset: "packshot-white", prompt: `${canary} silver pearl necklace`, ...extra });

async function create(token: string, request: Record<string, unknown>, on = stack, headers: Record<string, string> = {}) {
  const response = await call("/v1/generations", { method: "POST", token, json: request, headers, on });
  expect(response.status, await response.clone().text()).toBe(202);
  return GenerationAccepted.parse(await response.json());
}

async function get(token: string, id: string, on = stack): Promise<Generation> {
  const response = await call(`/v1/generations/${id}`, { token, on });
  expect(response.status).toBe(200);
  return Generation.parse(await response.json());
}

/**
 * Polls until the generation is terminal, then waits for the API to be idle: the webhook that made it terminal
 * settles quota and lease in Redis just after the status commits, before it answers.
 */
async function settled(token: string, id: string, on = stack, timeoutMs = 20_000): Promise<Generation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const generation = await get(token, id, on);
    if (["succeeded", "failed", "canceled"].includes(generation.status)) {
      await on.api.idle();
      return generation;
    }
    if (Date.now() > deadline) throw new Error(`generation still ${generation.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

async function usage(token: string, on = stack): Promise<number> {
  const response = await call("/v1/me", { token, on });
  return Me.parse(await response.json()).usage.generationsToday;
}

async function modelPrediction(id: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.replicateUrl}/predictions/${id}`, { headers: { authorization: `Bearer ${stack.token}` } });
  return (await response.json()) as Record<string, unknown>;
}

/** The generation's prediction ids, read from the store (the API never shows them). */
/** The model's prediction ids, once the dispatcher has submitted the generation (its placeholders until then). */
async function predictionIds(uid: string, generationId: string, on = stack): Promise<string[]> {
  const read = async () => ((await on.api.composition.deps.store.get(`users/${uid}/generations/${generationId}`))?.data.predictionIds as string[] | undefined) ?? [];
  return waitFor(read, (ids) => ids.length > 0 && ids.every((id) => !id.startsWith("plan-")));
}


const webhook = (headers: Record<string, string>, body: string) => call("/v1/webhooks/replicate", { method: "POST", headers, body });


beforeAll(async () => {
  stack = await startGenerationStack({
    latencyMs: 150,
    api: {
      BEZ_RECONCILE_QUIET_SECONDS: "1",
      BEZ_DAILY_QUOTA: "1000",
      BEZ_RATE_LIMITS: JSON.stringify({
        generations: { limit: 1000, windowSeconds: 60 },
      }),
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

describe("GET /v1/presets", () => {
  it("lists the public presets, authenticated", async () => {
    const alice = await newUser();
    const response = await call("/v1/presets", { token: alice.idToken });
    expect(response.status).toBe(200);
    const presets = Preset.array().parse(await response.json());
    expect(presets.map((p) => p.id)).toContain("packshot-white");
    expect(presets.find((p) => p.id === "packshot-white")).toMatchObject({ marketplaceCheck: true, needsReference: false });
    expect(presets.find((p) => p.id === "reference-background")?.needsReference).toBe(true);
    expect(JSON.stringify(presets)).not.toMatch(/promptTemplate|negativePrompt|\{prompt\}/);
    await expectProblem(await call("/v1/presets"), 401, "unauthenticated");
  });
});

describe("a generation from prompt to decrypted images", () => {
  let alice: AuthSession;
  beforeAll(async () => {
    alice = await newUser();
  });

  it("packshot: 202 queued, then succeeded with PNG outputs that pass Amazon's main-image check", async () => {
    const accepted = await create(alice.idToken, packshot({ count: 2, aspectRatio: "1:1", seed: 7 }));
    expect(accepted).toMatchObject({ status: "queued", preset: "packshot-white", aspectRatio: "1:1", count: 2 });
    const done = await settled(alice.idToken, accepted.id);
    expect(done).toMatchObject({ status: "succeeded", progress: 1, error: null, seed: 7, referenceImageId: null });
    expect(done.prompt).toBe(packshot().prompt);
    expect(done.outputs).toHaveLength(2);
    for (const output of done.outputs) {
      expect(output.marketplace).toMatchObject({ rule: "amazon-main-image", pass: true, reasons: [] });
      const content = await call(`/v1/images/${output.imageId}/content`, { token: alice.idToken });
      expect(content.status).toBe(200);
      expect(content.headers.get("content-type")).toBe("image/png");
      const meta = await sharp(Buffer.from(await content.arrayBuffer())).metadata();
      expect(meta.format).toBe("png");
      expect(Math.max(meta.width, meta.height)).toBeGreaterThanOrEqual(1000);
      const record = await call(`/v1/images/${output.imageId}`, { token: alice.idToken });
      expect(await record.json()).toMatchObject({ kind: "output", generationId: accepted.id });
    }
    expect(await usage(alice.idToken)).toBe(2);
  });

  it("lifestyle: outputs carry marketplace null (they do not claim to pass)", async () => {
    const accepted = await create(alice.idToken, { preset: "lifestyle-marble", prompt: `${canary} rose gold bracelet with rubies`, aspectRatio: "4:5" });
    const done = await settled(alice.idToken, accepted.id);
    expect(done.status).toBe("succeeded");
    expect(done.outputs).toHaveLength(1);
    expect(done.outputs[0]?.marketplace).toBeNull();
  });

  it("lists generations newest first with a cursor; another user's generation is 404", async () => {
    const first = await call("/v1/generations?limit=1", { token: alice.idToken });
    const page = GenerationList.parse(await first.json());
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.preset).toBe("lifestyle-marble");
    expect(page.nextCursor).not.toBeNull();
    const second = GenerationList.parse(await (await call(`/v1/generations?limit=5&cursor=${page.nextCursor}`, { token: alice.idToken })).json());
    expect(second.items[0]?.preset).toBe("packshot-white");

    const bob = await newUser();
    const id = page.items[0]?.id ?? "";
    await expectProblem(await call(`/v1/generations/${id}`, { token: bob.idToken }), 404, "not-found");
    await expectProblem(await call(`/v1/generations/${id}/cancel`, { method: "POST", token: bob.idToken }), 404, "not-found");
    await expectProblem(await call(`/v1/generations/${id}/events`, { token: bob.idToken }), 404, "not-found");
    expect(GenerationList.parse(await (await call("/v1/generations", { token: bob.idToken })).json()).items).toEqual([]);
  });
});

describe("validation", () => {
  it("rejects unknown fields, bad counts and ratios the preset does not offer", async () => {
    const alice = await newUser();
    await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: { ...packshot(), style: "x" } }), 400, "invalid-request");
    await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot({ count: 5 }) }), 400, "invalid-request");
    const ratio = await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot({ aspectRatio: "16:9" }) }), 400, "invalid-request");
    expect(ratio.errors?.[0]?.path).toBe("aspectRatio");
    await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, body: "{}", headers: { "content-type": "text/plain" } }), 415, "unsupported-media-type");
  });

  it("reference presets need the caller's own image; other presets refuse one", async () => {
    const [alice, bob] = await Promise.all([newUser(), newUser()]);
    const upload = await call("/v1/images", { method: "POST", token: alice.idToken, body: await swatch(640, 480).png().toBuffer(), headers: { "content-type": "image/png" } });
    const imageId = ((await upload.json()) as { id: string }).id;

    const missing = await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: { preset: "reference-background", prompt: "on slate" } }), 400, "invalid-request");
    expect(missing.errors?.[0]?.path).toBe("referenceImageId");
    await expectProblem(await call("/v1/generations", { method: "POST", token: bob.idToken, json: { preset: "reference-background", prompt: "on slate", referenceImageId: imageId } }), 404, "not-found");
    await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot({ referenceImageId: imageId }) }), 400, "invalid-request");

    const accepted = await create(alice.idToken, { preset: "reference-background", prompt: "on dark slate with soft light", referenceImageId: imageId });
    const done = await settled(alice.idToken, accepted.id);
    expect(done).toMatchObject({ status: "succeeded", referenceImageId: imageId });
    expect(await usage(bob.idToken)).toBe(0);
  });
});

describe("POST /v1/webhooks/replicate", () => {
  let alice: AuthSession;
  let generationId: string;
  let predictionId: string;
  let payload: string;

  beforeAll(async () => {
    alice = await newUser();
    // The model finishes, but its webhooks never arrive: the deliveries below are the only news the API gets.
    await stack.fault("drop-webhook");
    const accepted = await create(alice.idToken, packshot());
    generationId = accepted.id;
    [predictionId = ""] = await predictionIds(alice.localId, generationId);
    const prediction = await waitFor(() => modelPrediction(predictionId), (p) => p.status === "succeeded");
    payload = JSON.stringify(prediction);
  });

  const auditRejections = async () => {
    const page = await stack.api.composition.deps.store.query({ collection: "audit", where: [{ field: "action", op: "==", value: "webhook.rejected" }] });
    return page.docs.map((d) => d.data as { target: { type: string; id: string }; outcome: string; actor: { role: string }; meta: { reason: string } });
  };

  it("401s a forged signature: audited, and nothing changes", async () => {
    const forged = signedWebhookHeaders("whsec_" + Buffer.alloc(32, 7).toString("base64"), "msg_forged_1", payload);
    await expectProblem(await webhook(forged, payload), 401, "invalid-signature");
    const missing = await webhook({ "content-type": "application/json" }, payload);
    expect(missing.status).toBe(401);
    expect(await get(alice.idToken, generationId)).toMatchObject({ status: expect.stringMatching(/^(queued|running)$/), outputs: [] });
    const events = await auditRejections();
    expect(events).toContainEqual(expect.objectContaining({ target: { type: "webhook", id: "msg_forged_1" }, outcome: "denied", meta: { reason: "bad-signature" } }));
    expect(events).toContainEqual(expect.objectContaining({ target: { type: "webhook", id: "unknown" }, meta: { reason: "missing-headers" } }));
  });

  it("401s a genuine signature with a stale timestamp: audited, and nothing changes", async () => {
    const stale = signedWebhookHeaders(stack.secret, "msg_stale_1", payload, Math.floor(Date.now() / 1000) - 400);
    await expectProblem(await webhook(stale, payload), 401, "invalid-signature");
    expect(await get(alice.idToken, generationId)).toMatchObject({ status: expect.stringMatching(/^(queued|running)$/), outputs: [] });
    expect(await auditRejections()).toContainEqual(expect.objectContaining({ target: { type: "webhook", id: "msg_stale_1" }, meta: { reason: "stale-timestamp" } }));
  });

  it("50 concurrent replays of one genuine delivery: all acknowledged, exactly one effect", async () => {
    const id = `msg_${randomUUID()}`;
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => webhook(signedWebhookHeaders(stack.secret, id, payload), payload)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const answers = (await Promise.all(responses.map((r) => r.json()))) as { duplicate: boolean }[];
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);

    const done = await get(alice.idToken, generationId);
    expect(done.status).toBe("succeeded");
    expect(done.outputs).toHaveLength(1);
    const images = await stack.api.composition.deps.store.query({ collection: `users/${alice.localId}/images` });
    expect(images.docs.filter((d) => d.data.generationId === generationId)).toHaveLength(1);
    expect(await usage(alice.idToken)).toBe(1);

    // A later, separately signed delivery of the same news changes nothing either.
    const again = await webhook(signedWebhookHeaders(stack.secret, `msg_${randomUUID()}`, payload), payload);
    expect(again.status).toBe(200);
    expect((await get(alice.idToken, generationId)).outputs).toHaveLength(1);
  });
});

describe("webhook ingestion happens before the answer", () => {
  /** A generation the model has finished, whose webhooks were dropped: the test's deliveries are its only news. */
  async function quietlyFinished(user: AuthSession) {
    await stack.fault("drop-webhook");
    const accepted = await create(user.idToken, packshot());
    const [predictionId = ""] = await predictionIds(user.localId, accepted.id);
    const prediction = await waitFor(() => modelPrediction(predictionId), (p) => p.status === "succeeded");
    return { generationId: accepted.id, payload: JSON.stringify(prediction) };
  }

  it("the outputs exist the moment the webhook's 200 returns", async () => {
    const alice = await newUser();
    const { generationId, payload } = await quietlyFinished(alice);
    const response = await webhook(signedWebhookHeaders(stack.secret, `msg_${randomUUID()}`, payload), payload);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, duplicate: false });
    // No drain, no polling: settled, stored and the quota committed before the answer.
    const done = await get(alice.idToken, generationId);
    expect(done.status).toBe("succeeded");
    expect(done.outputs).toHaveLength(1);
    expect(await usage(alice.idToken)).toBe(1);
  });

  it("a failed ingestion answers 503 and leaves the webhook-id free: the retry with the same id is processed", async () => {
    const alice = await newUser();
    const { generationId, payload } = await quietlyFinished(alice);
    const id = `msg_${randomUUID()}`;
    const store = stack.api.composition.deps.generation.store;
    const outage = vi.spyOn(store, "runTransaction").mockRejectedValueOnce(new StoreError("unavailable", "injected outage"));
    let failed: Response;
    try {
      failed = await webhook(signedWebhookHeaders(stack.secret, id, payload), payload);
      expect(outage).toHaveBeenCalled();
    } finally {
      outage.mockRestore();
    }
    await expectProblem(failed, 503, "dependency-unavailable");
    expect(failed.headers.get("retry-after")).toBe("10");
    expect(await get(alice.idToken, generationId)).toMatchObject({ status: expect.stringMatching(/^(queued|running)$/), outputs: [] });

    // Replicate retries the same delivery (same webhook-id, fresh timestamp and signature).
    const retry = await webhook(signedWebhookHeaders(stack.secret, id, payload), payload);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ received: true, duplicate: false });
    const done = await get(alice.idToken, generationId);
    expect(done.status).toBe("succeeded");
    expect(done.outputs).toHaveLength(1);

    // Once processed, the id is remembered again.
    const replay = await webhook(signedWebhookHeaders(stack.secret, id, payload), payload);
    expect(await replay.json()).toEqual({ received: true, duplicate: true });
  });
});

describe("model faults", () => {
  it("5xx on create: answered 202 queued, then failed (model-unavailable), everything refunded", async () => {
    const alice = await newUser();
    await stack.fault("create-5xx");
    // The model is called after the answer (the dispatcher), so the answer is the contract's 202 queued.
    const accepted = await create(alice.idToken, packshot({ count: 3 }));
    expect(accepted.status).toBe("queued");
    const generation = await settled(alice.idToken, accepted.id);
    expect(generation).toMatchObject({ status: "failed", error: { code: "model-unavailable" } });
    expect(generation.error?.message).toMatch(/refunded/);
    expect(await usage(alice.idToken)).toBe(0);
    // The lease went back too: four more can start at once.
    const next = await Promise.all(Array.from({ length: 4 }, () => create(alice.idToken, packshot())));
    await Promise.all(next.map((g) => settled(alice.idToken, g.id)));
  });

  it("a failed prediction: generation failed (model-failed), refunded", async () => {
    const alice = await newUser();
    await stack.fault("fail");
    const accepted = await create(alice.idToken, packshot({ count: 2 }));
    const done = await settled(alice.idToken, accepted.id);
    expect(done).toMatchObject({ status: "failed", outputs: [], error: { code: "model-failed" } });
    expect(await usage(alice.idToken)).toBe(0);
  });

  it("dropped webhooks: the reconciler polls the quiet prediction and completes the job", async () => {
    const alice = await newUser();
    await stack.fault("drop-webhook");
    const accepted = await create(alice.idToken, packshot());
    const [predictionId = ""] = await predictionIds(alice.localId, accepted.id);
    await waitFor(() => modelPrediction(predictionId), (p) => p.status === "succeeded");
    expect(await get(alice.idToken, accepted.id)).toMatchObject({ status: expect.stringMatching(/^(queued|running)$/), outputs: [] });
    await sleep(1100); // past BEZ_RECONCILE_QUIET_SECONDS
    const report = await stack.api.composition.reconcile();
    expect(report.polled).toBeGreaterThanOrEqual(1);
    const done = await get(alice.idToken, accepted.id);
    expect(done.status).toBe("succeeded");
    expect(done.outputs).toHaveLength(1);
    expect(await usage(alice.idToken)).toBe(1);
  });
});

describe("Idempotency-Key", () => {
  it("the same key and body twice: one generation, the identical answer", async () => {
    const alice = await newUser();
    const key = `order-${randomUUID()}`;
    const first = await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot(), headers: { "idempotency-key": key } });
    const firstBody = await first.text();
    await settled(alice.idToken, (JSON.parse(firstBody) as { id: string }).id);
    // Same request with its fields in another order: still the same request.
    const { prompt, preset } = packshot();
    const second = await call("/v1/generations", { method: "POST", token: alice.idToken, json: { prompt, preset }, headers: { "idempotency-key": key } });
    expect(second.status).toBe(first.status);
    expect(second.status).toBe(202);
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const list = GenerationList.parse(await (await call("/v1/generations", { token: alice.idToken })).json());
    expect(list.items).toHaveLength(1);
    expect(await usage(alice.idToken)).toBe(1);

    await expectProblem(
      await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot({ count: 2 }), headers: { "idempotency-key": key } }),
      409,
      "idempotency-key-reused",
    );
    await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot(), headers: { "idempotency-key": "" } }), 400, "invalid-request");
    await expectProblem(
      await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot(), headers: { "idempotency-key": "k".repeat(256) } }),
      400,
      "invalid-request",
    );
  });

  it("a concurrent duplicate gets the first one's answer, with one generation made; keys are per user", async () => {
    const [alice, bob] = await Promise.all([newUser(), newUser()]);
    const key = `dup-${randomUUID()}`;
    const send = (token: string) => call("/v1/generations", { method: "POST", token, json: packshot(), headers: { "idempotency-key": key } });
    // The key's record is written in the transaction that stores the generation: the store serializes the two.
    const [a, b] = await Promise.all([send(alice.idToken), send(alice.idToken)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].sort()).toEqual(["true", null].sort());
    const [aBody, bBody] = [await a.text(), await b.text()];
    expect(aBody).toBe(bBody);
    await settled(alice.idToken, (JSON.parse(aBody) as { id: string }).id);
    const list = GenerationList.parse(await (await call("/v1/generations", { token: alice.idToken })).json());
    expect(list.items).toHaveLength(1);
    expect(await usage(alice.idToken)).toBe(1);
    expect((await send(bob.idToken)).status).toBe(202);
  });
});

describe("cancel", () => {
  it("cancels a running generation (refund, lease back), and 409s once it is finished", async () => {
    const alice = await newUser();
    await stack.fault("hang");
    const accepted = await create(alice.idToken, packshot({ count: 2 }));
    expect(await usage(alice.idToken)).toBe(2);
    const [predictionId = ""] = await predictionIds(alice.localId, accepted.id);
    const response = await call(`/v1/generations/${accepted.id}/cancel`, { method: "POST", token: alice.idToken });
    expect(response.status).toBe(202);
    expect(Generation.parse(await response.json())).toMatchObject({ status: "canceled", error: null });
    expect(await usage(alice.idToken)).toBe(0);
    expect((await modelPrediction(predictionId)).status).toBe("canceled");
    await expectProblem(await call(`/v1/generations/${accepted.id}/cancel`, { method: "POST", token: alice.idToken }), 409, "already-finished");

    const finished = await create(alice.idToken, packshot());
    await settled(alice.idToken, finished.id);
    await expectProblem(await call(`/v1/generations/${finished.id}/cancel`, { method: "POST", token: alice.idToken }), 409, "already-finished");
  });
});

describe("cancel waits for the model", () => {
  it("the prediction is canceled at the model by the time the cancel answers", async () => {
    const alice = await newUser();
    await stack.fault("hang");
    const accepted = await create(alice.idToken, packshot());
    const [predictionId = ""] = await predictionIds(alice.localId, accepted.id);
    const cancel = vi.spyOn(stack.api.composition.deps.generation.model as ImageModel, "cancel");
    try {
      const response = await call(`/v1/generations/${accepted.id}/cancel`, { method: "POST", token: alice.idToken });
      expect(response.status).toBe(202);
      // No drain: the cancel was awaited, within a bound below the model client's default.
      expect((await modelPrediction(predictionId)).status).toBe("canceled");
      expect(cancel).toHaveBeenCalledWith(predictionId, { timeoutMs: expect.any(Number) });
      expect(cancel.mock.calls[0]?.[1]?.timeoutMs).toBeLessThanOrEqual(5000);
    } finally {
      cancel.mockRestore();
    }
  });

  it("a cancel the model refuses still answers 202 canceled, refunded", async () => {
    const alice = await newUser();
    await stack.fault("hang");
    const accepted = await create(alice.idToken, packshot());
    const [predictionId = ""] = await predictionIds(alice.localId, accepted.id);
    const model = stack.api.composition.deps.generation.model as ImageModel;
    const refused = vi.spyOn(model, "cancel").mockRejectedValueOnce(new ImageModelError("unavailable", "injected outage"));
    try {
      const response = await call(`/v1/generations/${accepted.id}/cancel`, { method: "POST", token: alice.idToken });
      expect(response.status).toBe(202);
      expect(Generation.parse(await response.json())).toMatchObject({ status: "canceled", error: null });
      expect(refused).toHaveBeenCalledTimes(1);
      expect(await usage(alice.idToken)).toBe(0);
      expect((await modelPrediction(predictionId)).status).not.toBe("canceled");
    } finally {
      refused.mockRestore();
      await model.cancel(predictionId);
    }
  });
});

describe("limits", () => {
  it("at most 4 generations in flight per user: the 5th is 429 with a clear detail", async () => {
    const alice = await newUser();
    await stack.fault("hang", 4);
    const running = [];
    for (let i = 0; i < 4; i++) running.push(await create(alice.idToken, packshot()));
    const fifth = await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot() }), 429, "quota-exceeded");
    expect(fifth.detail).toMatch(/already have 4 generations in progress/);
    expect(await usage(alice.idToken)).toBe(4);
    await Promise.all(running.map((g) => call(`/v1/generations/${g.id}/cancel`, { method: "POST", token: alice.idToken })));
    const after = await create(alice.idToken, packshot());
    await settled(alice.idToken, after.id);
  });

  it("a restricted account cannot generate (409), but still reads its generations", async () => {
    const alice = await newUser();
    const earlier = await create(alice.idToken, packshot());
    await settled(alice.idToken, earlier.id);
    await stack.api.composition.deps.store.update(`users/${alice.localId}`, { status: "restricted" });
    await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot() }), 409, "processing-restricted");
    expect((await get(alice.idToken, earlier.id)).status).toBe("succeeded");
  });
});

describe("GET /v1/generations/{id}/events", () => {
  it("streams running (with progress polled while watched) then succeeded as status events, then closes", async () => {
    const slow = await startGenerationStack({ latencyMs: 4000 });
    try {
      const alice = await newUser();
      const accepted = await create(alice.idToken, packshot(), slow);
      const response = await call(`/v1/generations/${accepted.id}/events`, { token: alice.idToken, on: slow });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const text = await response.text(); // resolves only when the server ends the stream
      const events = text
        .split("\n\n")
        .filter((block) => block.startsWith("event: status"))
        .map((block) => GenerationEvent.parse(JSON.parse(block.split("\ndata: ")[1] ?? "")));
      const statuses = events.map((e) => e.status);
      expect(statuses).toContain("running");
      expect(statuses.at(-1)).toBe("succeeded");
      expect(statuses.indexOf("running")).toBeLessThan(statuses.indexOf("succeeded"));
      expect(events.at(-1)?.outputs).toHaveLength(1);
      const progress = events.map((e) => e.progress ?? 0);
      expect(progress.some((p) => p > 0 && p < 1), `progress ${progress.join(", ")}`).toBe(true);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(text).not.toContain(canary);
    } finally {
      await slow.stop();
    }
  });
});

describe("deadline and daily quota", () => {
  it("a hung prediction is stopped at the deadline: failed (timeout), refunded", async () => {
    const short = await startGenerationStack({ latencyMs: 100, api: { BEZ_GENERATION_DEADLINE_SECONDS: "1", BEZ_RECONCILE_QUIET_SECONDS: "1", BEZ_DAILY_QUOTA: "3" } });
    try {
      const alice = await newUser();
      await short.fault("hang");
      const accepted = await create(alice.idToken, packshot(), short);
      expect(await usage(alice.idToken, short)).toBe(1);
      await predictionIds(alice.localId, accepted.id, short);
      await sleep(1100);
      const report = await short.api.composition.reconcile();
      expect(report.timedOut).toBe(1);
      const generation = await get(alice.idToken, accepted.id, short);
      expect(generation).toMatchObject({ status: "failed", error: { code: "timeout" } });
      expect(await usage(alice.idToken, short)).toBe(0);

      // The daily allowance (3 here): 2 + 2 does not fit, and the answer says when it resets.
      const two = await create(alice.idToken, packshot({ count: 2 }), short);
      await settled(alice.idToken, two.id, short);
      const over = await expectProblem(await call("/v1/generations", { method: "POST", token: alice.idToken, json: packshot({ count: 2 }), on: short }), 429, "quota-exceeded");
      expect(over.detail).toMatch(/daily allowance of 3 images is used up .* resets at midnight UTC, in \d+ h \d+ min/);
      expect(await usage(alice.idToken, short)).toBe(2);
    } finally {
      await short.stop();
    }
  });
});

describe("POST /v1/images/{id}/marketplace-fix", () => {
  it("makes a compliant copy of a fixable image, refuses one that already passes or cannot be fixed", async () => {
    const alice = await newUser();
    // A small piece off-center on near-white: fixable.
    const piece = await sharp({ create: { width: 160, height: 120, channels: 3, background: { r: 160, g: 110, b: 40 } } }).png().toBuffer();
    const photo = await sharp({ create: { width: 900, height: 700, channels: 3, background: { r: 250, g: 250, b: 250 } } })
      .composite([{ input: piece, left: 60, top: 500 }])
      .png()
      .toBuffer();
    const upload = await call("/v1/images", { method: "POST", token: alice.idToken, body: photo, headers: { "content-type": "image/png" } });
    const uploadId = ((await upload.json()) as { id: string }).id;
    const response = await call(`/v1/images/${uploadId}/marketplace-fix`, { method: "POST", token: alice.idToken });
    expect(response.status, await response.clone().text()).toBe(201);
    const fixed = MarketplaceFix.parse(await response.json());
    expect(fixed.marketplace).toMatchObject({ pass: true, reasons: [] });
    expect(fixed.image).toMatchObject({ kind: "output", format: "png" });
    expect(Math.max(fixed.image.width, fixed.image.height)).toBeGreaterThanOrEqual(1000);

    const bob = await newUser();
    await expectProblem(await call(`/v1/images/${uploadId}/marketplace-fix`, { method: "POST", token: bob.idToken }), 404, "not-found");

    // A lifestyle scene is not near-white at the edges: it cannot be fixed by cropping.
    const scene = await create(alice.idToken, { preset: "lifestyle-marble", prompt: "silver pendant with a sapphire" });
    const sceneDone = await settled(alice.idToken, scene.id);
    const unfixable = await expectProblem(await call(`/v1/images/${sceneDone.outputs[0]?.imageId}/marketplace-fix`, { method: "POST", token: alice.idToken }), 409, "marketplace-unfixable");
    expect(unfixable.detail).toMatch(/background/);

    // A packshot that passes has nothing to fix.
    const shot = await create(alice.idToken, packshot());
    const shotDone = await settled(alice.idToken, shot.id);
    await expectProblem(await call(`/v1/images/${shotDone.outputs[0]?.imageId}/marketplace-fix`, { method: "POST", token: alice.idToken }), 409, "conflict");
  });
});

describe("what never leaks", () => {
  it("no answer names the model service's host", () => {
    expect(bodies.length).toBeGreaterThan(50);
    for (const body of bodies) expect(body).not.toContain(stack.replicateHost);
  });

  it("the prompt is nowhere in BEZ_DATA_DIR in plaintext", async () => {
    const files = (await readdir(stack.api.dataDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    const needle = Buffer.from(canary);
    for (const file of files) {
      const bytes = await readFile(join(file.parentPath, file.name));
      expect(bytes.includes(needle), file.name).toBe(false);
    }
  });
});
