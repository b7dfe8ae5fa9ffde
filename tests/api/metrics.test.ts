/**
 * GET /v1/admin/metrics against the real app, the local Replicate-compatible server, the real Auth emulator and
 * redis-server: generations by outcome, model seconds, uploads, 429s, erasures and rejected webhooks are counted in
 * memory, flushed to the store as per-hour shard documents holding counts only, and read back per hour or day by
 * admins and auditors alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GenerationAccepted, Metrics, type MetricsBucket } from "@bez/contracts";
import { metricCounters } from "../../functions/src/ports.ts";
import { metricsCollection } from "../../functions/src/core/metrics/hourly-store.ts";
import { signIn } from "../helpers/auth-emulator-client.ts";
import { type GenerationStack, startGenerationStack } from "../helpers/generation-stack.ts";
import { swatch } from "../helpers/images.ts";
import { expectProblem } from "../helpers/problems.ts";
import { type TestUser, userWithRole } from "../helpers/staff.ts";
import { waitFor } from "../helpers/webhooks.ts";

let stack: GenerationStack;
let admin: TestUser;
let auditor: TestUser;
let support: TestUser;
let jeweler: TestUser;

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${stack.api.url}${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });

async function generate(token: string, prompt: string): Promise<string> {
  const response = await api("/v1/generations", token, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ preset: "packshot-white", prompt }),
  });
  expect(response.status, await response.clone().text()).toBe(202);
  return GenerationAccepted.parse(await response.json()).id;
}

async function settled(token: string, id: string): Promise<string> {
  const done = await waitFor(
    async () => ((await (await api(`/v1/generations/${id}`, token)).json()) as { status: string }).status,
    (status) => ["succeeded", "failed", "canceled"].includes(status),
    20_000,
    100,
  );
  await stack.api.idle();
  return done;
}

async function metrics(token: string, query = ""): Promise<Metrics> {
  const response = await api(`/v1/admin/metrics${query}`, token);
  expect(response.status, await response.clone().text()).toBe(200);
  return Metrics.parse(await response.json());
}

const total = (buckets: MetricsBucket[], pick: (b: MetricsBucket) => number) => buckets.reduce((sum, b) => sum + pick(b), 0);

beforeAll(async () => {
  stack = await startGenerationStack({
    latencyMs: 50,
    api: { BEZ_RATE_LIMITS: JSON.stringify({ uploads: { limit: 2, windowSeconds: 3600 } }) },
  });
  [admin, auditor, support, jeweler] = await Promise.all([
    userWithRole(stack.api, "admin"),
    userWithRole(stack.api, "auditor"),
    userWithRole(stack.api, "support"),
    userWithRole(stack.api, "user"),
  ]);
});
afterAll(async () => {
  await stack?.stop();
});

describe("GET /v1/admin/metrics", () => {
  it("starts with empty buckets: every hour of the last day, zeros and null percentiles", async () => {
    const body = await metrics(admin.idToken);
    expect(body.bucket).toBe("hour");
    expect(body.buckets.length).toBeGreaterThanOrEqual(24);
    expect(body.buckets.length).toBeLessThanOrEqual(25);
    expect(total(body.buckets, (b) => b.generations.started)).toBe(0);
    expect(body.buckets.every((b) => b.modelSeconds.p50 === null && b.modelSeconds.p95 === null)).toBe(true);
    expect(body.buckets.map((b) => Date.parse(b.at))).toEqual([...body.buckets.map((b) => Date.parse(b.at))].sort((a, b) => a - b));
  });

  it("counts generations by outcome, model seconds, uploads, 429s, rejected webhooks and erasures once flushed", async () => {
    const succeeded = await Promise.all([0, 1, 2].map((i) => generate(jeweler.idToken, `gold ring ${i}`)));
    for (const id of succeeded) expect(await settled(jeweler.idToken, id)).toBe("succeeded");
    await stack.fault("fail", 1);
    const failed = await generate(jeweler.idToken, "platinum ring that fails");
    expect(await settled(jeweler.idToken, failed)).toBe("failed");
    await stack.fault("hang", 1);
    const canceled = await generate(jeweler.idToken, "silver ring to cancel");
    expect((await api(`/v1/generations/${canceled}/cancel`, jeweler.idToken, { method: "POST" })).status).toBe(202);

    const png = await swatch(16, 16).png().toBuffer();
    const uploads = await Promise.all(
      [0, 1, 2].map(() => api("/v1/images", jeweler.idToken, { method: "POST", headers: { "content-type": "image/png" }, body: png })),
    );
    expect(uploads.map((r) => r.status).sort()).toEqual([201, 201, 429]);
    const forged = await fetch(`${stack.api.url}/v1/webhooks/replicate`, {
      method: "POST",
      headers: { "content-type": "application/json", "webhook-id": "msg_forged", "webhook-timestamp": String(Math.floor(Date.now() / 1000)), "webhook-signature": "v1,AAAA" },
      body: "{}",
    });
    expect(forged.status).toBe(401);
    const leaving = await userWithRole(stack.api, "user", "leaving");
    const fresh = await signIn(leaving.email, leaving.password);
    const erased = await api("/v1/me", fresh.idToken, { method: "DELETE", headers: { "content-type": "application/json" }, body: JSON.stringify({ confirm: "DELETE" }) });
    expect(erased.status).toBe(202);
    await stack.api.composition.drain();

    // Nothing reaches the store until a flush: the request paths only add in memory.
    expect(total((await metrics(admin.idToken)).buckets, (b) => b.generations.started)).toBe(0);
    await stack.api.composition.flushTelemetry();

    const body = await metrics(auditor.idToken);
    const sum = (pick: (b: MetricsBucket) => number) => total(body.buckets, pick);
    expect(sum((b) => b.generations.started)).toBe(5);
    expect(sum((b) => b.generations.succeeded)).toBe(3);
    expect(sum((b) => b.generations.failed)).toBe(1);
    expect(sum((b) => b.generations.canceled)).toBe(1);
    expect(sum((b) => b.uploads)).toBe(2);
    expect(sum((b) => b.rateLimited)).toBe(1);
    expect(sum((b) => b.webhookRejections)).toBe(1);
    expect(sum((b) => b.deletions)).toBe(1);
    const busy = body.buckets.filter((b) => b.generations.started > 0);
    expect(busy).toHaveLength(1);
    const { p50, p95 } = busy[0]?.modelSeconds ?? { p50: null, p95: null };
    expect(p50).toBeGreaterThan(0);
    expect(p95).toBeGreaterThanOrEqual(p50 ?? Infinity);
    expect(p95).toBeLessThan(5);
  });

  it("adds up flushes across shards, and by day", async () => {
    await generate(jeweler.idToken, "rose gold pendant").then((id) => settled(jeweler.idToken, id));
    await stack.api.composition.flushTelemetry();
    const byDay = await metrics(admin.idToken, "?bucket=day");
    expect(byDay.bucket).toBe("day");
    expect(byDay.buckets.length).toBeGreaterThanOrEqual(30);
    expect(byDay.buckets.every((b) => b.at.endsWith("T00:00:00.000Z"))).toBe(true);
    expect(total(byDay.buckets, (b) => b.generations.started)).toBe(6);
    expect(total(byDay.buckets, (b) => b.generations.succeeded)).toBe(4);
  });

  it("keeps counts only: no uid, email, id or prompt in the store's metric documents", async () => {
    const { docs } = await stack.api.composition.deps.store.query({ collection: metricsCollection });
    expect(docs.length).toBeGreaterThan(0);
    const allowed = new Set(["hour", "modelSeconds", ...metricCounters]);
    for (const doc of docs) {
      expect(Object.keys(doc.data).filter((k) => !allowed.has(k))).toEqual([]);
      expect(doc.id).toMatch(/^\d{10}-\d$/);
    }
    const text = JSON.stringify(docs);
    for (const secret of [jeweler.localId, jeweler.email, "gold ring"]) expect(text).not.toContain(secret);
  });

  it("answers a range by hour, from and to as asked", async () => {
    const to = new Date();
    const from = new Date(to.getTime() - 3 * 3_600_000);
    const body = await metrics(admin.idToken, `?from=${from.toISOString()}&to=${to.toISOString()}&bucket=hour`);
    expect(body.buckets).toHaveLength(4);
    expect(body.to).toBe(to.toISOString());
    expect(total(body.buckets, (b) => b.generations.started)).toBe(6);
  });

  it("is for admins and auditors only; the refusal is audited", async () => {
    await expectProblem(await api("/v1/admin/metrics", support.idToken), 403, "forbidden");
    await expectProblem(await api("/v1/admin/metrics", jeweler.idToken), 403, "forbidden");
    expect((await fetch(`${stack.api.url}/v1/admin/metrics`)).status).toBe(401);
    const audit = await api("/v1/admin/audit?action=metrics.viewed&limit=100", admin.idToken);
    const events = ((await audit.json()) as { items: { outcome: string }[] }).items;
    expect(events.filter((e) => e.outcome === "success").length).toBeGreaterThan(0);
    expect(events.filter((e) => e.outcome === "denied").length).toBe(2);
  });

  it("refuses bad queries with 400 problems, never a 500", async () => {
    for (const query of ["?bucket=week", "?from=yesterday", "?from=2026-12-05T10:00:00Z&to=2026-12-04T10:00:00Z", "?limit=3", "?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"]) {
      await expectProblem(await api(`/v1/admin/metrics${query}`, admin.idToken), 400, "invalid-request");
    }
  });
});
