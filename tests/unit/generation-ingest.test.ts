/**
 * The ingestion state machine where black-box tests cannot aim: races decided by transactions. Real embedded store
 * (with firestore.indexes.json), filesystem blobs, sharp and the run's redis-server; the model and the output
 * download are stand-ins the test drives step by step.
 */
import { createMetricsBuffer } from "../../functions/src/core/metrics/recorder.ts";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import indexes from "../../firestore.indexes.json" with { type: "json" };
import { createEmbeddedStore } from "../../functions/src/adapters/embedded-store/index.ts";
import { createFsBlobStore } from "../../functions/src/adapters/fs-blobs/index.ts";
import { createStaticKeyRing } from "../../functions/src/adapters/key-ring/static-key-ring.ts";
import { createRedis, whenReady } from "../../functions/src/adapters/redis/client.ts";
import { createRedisRateLimiter } from "../../functions/src/adapters/redis/rate-limiter.ts";
import { createRedisReplayGuard } from "../../functions/src/adapters/redis/replay-guard.ts";
import { createSharpImageCodec } from "../../functions/src/adapters/sharp/image-codec.ts";
import { createIds } from "../../functions/src/adapters/system/ids.ts";
import { createAuditWriter } from "../../functions/src/core/audit/audit-writer.ts";
import { cancelGeneration } from "../../functions/src/core/generation/cancel.ts";
import { createGeneration } from "../../functions/src/core/generation/create.ts";
import { createGenerationChanges } from "../../functions/src/core/generation/changes.ts";
import { dispatchGeneration } from "../../functions/src/core/generation/dispatch.ts";
import type { GenerationDeps } from "../../functions/src/core/generation/deps.ts";
import { applyPrediction } from "../../functions/src/core/generation/ingest.ts";
import { getGeneration } from "../../functions/src/core/generation/read.ts";
import { reconcile } from "../../functions/src/core/generation/reconcile.ts";
import { limiterKeys, userSubject } from "../../functions/src/core/limits/policies.ts";
import { createDataKeys } from "../../functions/src/core/vault/data-keys.ts";
import { createLinkSigner } from "../../functions/src/core/vault/signed-links.ts";
import type { DocumentStore, ImageModel, OutputFetcher, Prediction } from "../../functions/src/ports.ts";
import { testEnv } from "../helpers/api-server.ts";

let dir: string;
let store: DocumentStore;
let redis: ReturnType<typeof createRedis>;
let png: Buffer;
const offset = { ms: 0 };
const clock = { now: () => new Date(Date.now() + offset.ms) };
const silent = { info: () => {}, warn: () => {}, error: () => {}, request: () => {} };

/** An output download the test releases (or fails) when it chooses. */
function gatedFetcher() {
  const gates: { release: (bytes: Buffer) => void; fail: (error: Error) => void }[] = [];
  const fetcher: OutputFetcher = {
    fetch: () => new Promise<Uint8Array>((resolve, reject) => gates.push({ release: resolve, fail: reject })),
  };
  return { fetcher, gates };
}

function stubModel(predictions: Map<string, Prediction>): ImageModel {
  return {
    async create() {
      const prediction: Prediction = { id: randomBytes(13).toString("hex"), status: "starting", output: [], error: null, logs: null };
      predictions.set(prediction.id, prediction);
      return prediction;
    },
    get: async (id) => predictions.get(id) as Prediction,
    async cancel(id) {
      const prediction = { ...(predictions.get(id) as Prediction), status: "canceled" as const };
      predictions.set(id, prediction);
      return prediction;
    },
    webhookSecret: async () => `whsec_${randomBytes(32).toString("base64")}`,
    parsePrediction: () => null,
    ping: async () => {},
  };
}

async function setup(fetcher: OutputFetcher) {
  const predictions = new Map<string, Prediction>();
  const blobs = await createFsBlobStore({ dir: join(dir, randomUUID()) });
  const keyRing = createStaticKeyRing([{ id: "k1", key: randomBytes(32) }]);
  const ids = createIds(clock);
  const limiter = createRedisRateLimiter(redis);
  const deps: GenerationDeps = {
    store,
    clock,
    ids,
    logger: silent,
    metrics: createMetricsBuffer(clock),
    limiter,
    model: stubModel(predictions),
    fetcher,
    replayGuard: createRedisReplayGuard(redis, "test"),
    vault: { store, blobs, codec: createSharpImageCodec(), dataKeys: createDataKeys({ store, keyRing, clock }), ids, clock },
    links: createLinkSigner(randomBytes(32), clock),
    changes: createGenerationChanges(),
    settings: {
      callbackBaseUrl: "http://127.0.0.1:9",
      deadlineSeconds: 600,
      reconcileQuietSeconds: 60,
      dailyQuota: 100,
      inFlight: { limit: 4, leaseSeconds: 900 },
      rate: { name: "generations", limit: 100, windowSeconds: 60 },
    },
  };
  const uid = `u${randomUUID().replace(/-/g, "")}`;
  const ctx = { requestId: "r1", principal: { uid, email: null, role: "user" as const, via: "id-token" as const, emailVerified: false, issuedAt: null, authTime: null } };
  const profiles = { store, audit: createAuditWriter({ store, clock, ids }), clock, limiter, dailyQuota: 100, roles: { identity: { setRole: async () => {} }, bootstrapAdmins: [] } };
  const created = await createGeneration(deps, profiles, ctx, { preset: "packshot-white", prompt: "gold ring", aspectRatio: "1:1", count: 1 });
  if (created.kind !== "accepted") throw new Error("a fresh create was answered as a replay");
  const { accepted } = created;
  // The dispatcher's work (off the request): submit the placeholder to the model.
  await dispatchGeneration(deps, uid, accepted.id);
  const genDoc = await store.get(`users/${uid}/generations/${accepted.id}`);
  const [predictionId = ""] = genDoc?.data.predictionIds as string[];
  const succeeded: Prediction = { id: predictionId, status: "succeeded", output: ["http://model.test/out-0.png"], error: null, logs: "100%" };
  predictions.set(predictionId, succeeded);
  const used = () => limiter.used(limiterKeys.dailyImages(userSubject(uid)));
  const images = async () => (await store.query({ collection: `users/${uid}/images` })).docs.length;
  return { deps, uid, id: accepted.id, succeeded, used, images };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "bez-ingest-"));
  store = await createEmbeddedStore({ dir: join(dir, "documents"), indexes });
  redis = createRedis(testEnv().redisUrl);
  await whenReady(redis, 5000);
  png = await sharp({ create: { width: 1100, height: 1100, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: await sharp({ create: { width: 1000, height: 900, channels: 3, background: { r: 150, g: 110, b: 40 } } }).png().toBuffer(), left: 50, top: 100 }])
    .png()
    .toBuffer();
});
afterAll(async () => {
  redis?.disconnect();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("ingestion races", () => {
  it("20 concurrent deliveries of one success ingest once", async () => {
    const { fetcher, gates } = gatedFetcher();
    const t = await setup(fetcher);
    const results = Array.from({ length: 20 }, () => applyPrediction(t.deps, t.succeeded));
    await expect.poll(() => gates.length).toBe(1);
    gates[0]?.release(png);
    const outcomes = await Promise.all(results);
    expect(outcomes.filter((o) => o === "ingested")).toHaveLength(1);
    expect(outcomes.filter((o) => o !== "ingested").every((o) => o === "busy" || o === "ignored")).toBe(true);
    const generation = await getGeneration(t.deps, t.uid, t.id);
    expect(generation.status).toBe("succeeded");
    expect(generation.outputs).toHaveLength(1);
    expect(generation.outputs[0]?.marketplace?.pass).toBe(true);
    expect(await t.images()).toBe(1);
    expect(await t.used()).toBe(1);
  });

  it("a cancel that wins the race: the ingester's images are discarded and the refund happens once", async () => {
    const { fetcher, gates } = gatedFetcher();
    const t = await setup(fetcher);
    const ingesting = applyPrediction(t.deps, t.succeeded);
    await expect.poll(() => gates.length).toBe(1);
    expect((await cancelGeneration(t.deps, t.uid, t.id)).status).toBe("canceled");
    expect(await t.used()).toBe(0);
    gates[0]?.release(png);
    expect(await ingesting).toBe("ignored");
    expect(await t.images()).toBe(0);
    expect(await t.used()).toBe(0);
    expect(await getGeneration(t.deps, t.uid, t.id)).toMatchObject({ status: "canceled", outputs: [] });
  });

  it("a claim whose worker went silent is taken over by the reconciler; the late worker changes nothing", async () => {
    const { fetcher, gates } = gatedFetcher();
    const t = await setup(fetcher);
    const dead = applyPrediction(t.deps, t.succeeded);
    await expect.poll(() => gates.length).toBe(1);
    offset.ms = 200_000; // past the claim timeout, within the deadline
    try {
      const reconciling = reconcile(t.deps);
      await expect.poll(() => gates.length).toBe(2);
      gates[1]?.release(png);
      expect((await reconciling).polled).toBeGreaterThanOrEqual(1);
      expect(await getGeneration(t.deps, t.uid, t.id)).toMatchObject({ status: "succeeded" });
      gates[0]?.release(png);
      expect(await dead).toBe("ignored");
      expect(await t.images()).toBe(1);
      expect(await t.used()).toBe(1);
    } finally {
      offset.ms = 0;
    }
  });

  it("an output that cannot be fetched fails the prediction and refunds it", async () => {
    const { fetcher, gates } = gatedFetcher();
    const t = await setup(fetcher);
    const applying = applyPrediction(t.deps, t.succeeded);
    await expect.poll(() => gates.length).toBe(1);
    gates[0]?.fail(new Error("output download answered 404"));
    expect(await applying).toBe("settled");
    expect(await getGeneration(t.deps, t.uid, t.id)).toMatchObject({ status: "failed", error: { code: "output-invalid" } });
    expect(await t.used()).toBe(0);
    expect(await t.images()).toBe(0);
  });
});
