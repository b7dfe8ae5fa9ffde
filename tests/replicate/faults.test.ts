/** Fault injection (POST/GET/DELETE /v1/_faults): fail, hang, create-5xx, drop-webhook, slow-output, slow-create, matching and clearing. */
import type { ApiError } from "replicate";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { raw, settle, startTestReplicate } from "./client.ts";
import type { TestReplicate } from "./client.ts";
import { startWebhookReceiver } from "./webhook-receiver.ts";
import type { WebhookReceiver } from "./webhook-receiver.ts";

const SCHNELL = "black-forest-labs/flux-schnell";
const auth = { authorization: "Bearer test-token" };

describe("fault injection", () => {
  let t: TestReplicate;
  let hooks: WebhookReceiver;
  const inject = (fault: Record<string, unknown>) => raw(`${t.server.url}/_faults`, { method: "POST", headers: auth, body: JSON.stringify(fault) });
  const create = (model = SCHNELL, webhook?: string) =>
    t.replicate.predictions.create({ model, input: model === SCHNELL ? { prompt: "gold ring" } : { prompt: "gold ring", seed: 1 }, ...(webhook ? { webhook } : {}) });

  beforeAll(async () => {
    t = await startTestReplicate();
    hooks = await startWebhookReceiver();
  });
  beforeEach(async () => {
    await raw(`${t.server.url}/_faults`, { method: "DELETE", headers: auth });
  });
  afterAll(async () => {
    await t.server.stop();
    await hooks.close();
  });

  it("fail: the next n predictions fail with an error, then they succeed again", async () => {
    expect((await inject({ mode: "fail", count: 2, error: "CUDA out of memory" })).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const { prediction } = await settle(t.replicate, (await create()).id);
      expect(prediction).toMatchObject({ status: "failed", error: "CUDA out of memory", output: null });
    }
    expect((await settle(t.replicate, (await create()).id)).prediction.status).toBe("succeeded");
  });

  it("hang: stays processing until canceled", async () => {
    await inject({ mode: "hang" });
    const created = await create();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await t.replicate.predictions.get(created.id)).status).toBe("processing");
    expect((await t.replicate.predictions.cancel(created.id)).status).toBe("canceled");
  });

  it("create-5xx: creating answers the chosen 5xx and no prediction exists", async () => {
    await inject({ mode: "create-5xx", count: 1, status: 503 });
    const before = (await t.replicate.predictions.list()).results.length;
    const error = await create().then(
      () => null,
      (err: unknown) => err as ApiError,
    );
    expect(error?.response.status).toBe(503);
    expect((await t.replicate.predictions.list()).results.length).toBe(before);
    expect((await create()).status).toBe("starting");
  });

  it("match: only predictions of the named model are affected", async () => {
    await inject({ mode: "create-5xx", match: { model: "black-forest-labs/flux-dev" } });
    expect((await create(SCHNELL)).status).toBe("starting");
    await expect(create("black-forest-labs/flux-dev")).rejects.toThrow(/status 500/);
  });

  it("drop-webhook: completes but sends no webhook", async () => {
    await inject({ mode: "drop-webhook" });
    const dropped = await create(SCHNELL, hooks.url);
    expect((await settle(t.replicate, dropped.id)).prediction.status).toBe("succeeded");
    const next = await create(SCHNELL, hooks.url);
    await hooks.waitFor((d) => d.json.id === next.id && d.json.status === "succeeded");
    expect(hooks.deliveries.filter((d) => d.json.id === dropped.id)).toEqual([]);
  });

  it("slow-output: output downloads are delayed", async () => {
    await inject({ mode: "slow-output", delayMs: 600 });
    const { prediction } = await settle(t.replicate, (await create()).id);
    const started = Date.now();
    const response = await fetch((prediction.output as string[])[0]!);
    await response.arrayBuffer();
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    const fast = await settle(t.replicate, (await create()).id);
    const again = Date.now();
    await (await fetch((fast.prediction.output as string[])[0]!)).arrayBuffer();
    expect(Date.now() - again).toBeLessThan(500);
  });

  it("slow-create: the create call itself is delayed, once", async () => {
    await inject({ mode: "slow-create", delayMs: 600 });
    const started = Date.now();
    expect((await create()).status).toBe("starting");
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    const again = Date.now();
    await create();
    expect(Date.now() - again).toBeLessThan(500);
  });

  it("lists and clears faults; rejects a malformed one", async () => {
    await inject({ mode: "fail", count: 3 });
    expect((await raw(`${t.server.url}/_faults`, { headers: auth })).body).toMatchObject({ faults: [{ mode: "fail", remaining: 3 }] });
    expect((await raw(`${t.server.url}/_faults`, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await settle(t.replicate, (await create()).id)).prediction.status).toBe("succeeded");
    expect((await inject({ mode: "explode" })).status).toBe(422);
    expect((await raw(`${t.server.url}/_faults`, { method: "POST", body: "{}" })).status).toBe(401);
  });
});
