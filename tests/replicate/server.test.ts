/**
 * The local Replicate-compatible server, driven by the official `replicate` client (1.4): create by model and by
 * version, status transitions and logs, outputs, Standard Webhooks signatures (recomputed here, and checked with
 * the client's validateWebhook), retries, cancel, auth, validation, the default secret, expiry.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Replicate, { parseProgressFromLogs, validateWebhook } from "replicate";
import type { ApiError, Prediction } from "replicate";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplicateServer } from "../../local/src/replicate/server.ts";
import { raw, settle, startTestReplicate } from "./client.ts";
import type { TestReplicate } from "./client.ts";
import { startWebhookReceiver } from "./webhook-receiver.ts";
import type { Delivery, WebhookReceiver } from "./webhook-receiver.ts";

const SCHNELL = "black-forest-labs/flux-schnell";

/** Standard Webhooks, computed independently of the server's code. */
function expectedSignature(secret: string, delivery: Delivery): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const id = String(delivery.headers["webhook-id"]);
  const timestamp = String(delivery.headers["webhook-timestamp"]);
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${delivery.body}`).digest("base64")}`;
}

async function apiError(promise: Promise<unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    const error = err as ApiError;
    const text = error.message.slice(error.message.indexOf("{"), error.message.lastIndexOf("}") + 1);
    return { status: error.response.status, body: JSON.parse(text) as Record<string, unknown> };
  }
  throw new Error("expected the request to fail");
}

describe("local Replicate server (latency 0)", () => {
  let t: TestReplicate;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestReplicate();
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await t.server.stop();
    await hooks.close();
  });

  it("creates a prediction by model, in Replicate's shape", async () => {
    const input = { prompt: "yellow gold diamond ring, white background", seed: 7, output_format: "png" };
    const created = await t.replicate.predictions.create({ model: SCHNELL, input });
    expect(created).toMatchObject({
      model: SCHNELL,
      input,
      logs: "",
      output: null,
      error: null,
      status: "starting",
      data_removed: false,
      started_at: null,
      completed_at: null,
      urls: { get: `${t.server.url}/predictions/${created.id}`, cancel: `${t.server.url}/predictions/${created.id}/cancel` },
    });
    expect(created.id).toMatch(/^[a-z2-7]{26}$/);
    expect(created.version).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(created.created_at).toISOString()).toBe(created.created_at);
    const { prediction } = await settle(t.replicate, created.id);
    expect(prediction.status).toBe("succeeded");
    expect(prediction.metrics?.predict_time).toBeGreaterThanOrEqual(0);
  });

  it("creates by version: the id alone, owner/name:id, and an official model's owner/name", async () => {
    const model = await t.replicate.models.get("black-forest-labs", "flux-schnell");
    const version = model.latest_version?.id ?? "";
    expect(version).toMatch(/^[0-9a-f]{64}$/);
    for (const ref of [version, `${SCHNELL}:${version}`, SCHNELL]) {
      const created = await t.replicate.predictions.create({ version: ref, input: { prompt: "silver pearl earrings", seed: 1 } });
      expect(created.version).toBe(version);
      expect((await settle(t.replicate, created.id)).prediction.status).toBe("succeeded");
    }
  });

  it("runs with replicate.run (Prefer: wait) and returns output URLs", async () => {
    const output = (await t.replicate.run(SCHNELL, { input: { prompt: "platinum sapphire bracelet on velvet", seed: 3, num_outputs: 2 } })) as string[];
    expect(output).toHaveLength(2);
    for (const url of output) expect(url).toMatch(new RegExp(`^${t.server.origin}/delivery/[A-Za-z0-9]{32}/out-\\d\\.webp$`));
  });

  it("serves outputs without a token, at the requested format and aspect ratio", async () => {
    const created = await t.replicate.predictions.create({
      model: SCHNELL,
      input: { prompt: "rose gold emerald pendant, studio shot", seed: 11, num_outputs: 2, aspect_ratio: "16:9", output_format: "webp" },
    });
    const { prediction } = await settle(t.replicate, created.id);
    const urls = prediction.output as string[];
    expect(urls).toHaveLength(2);
    const images = await Promise.all(
      urls.map(async (url) => {
        const response = await fetch(url);
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("image/webp");
        return Buffer.from(await response.arrayBuffer());
      }),
    );
    for (const image of images) expect(await sharp(image).metadata()).toMatchObject({ format: "webp", width: 1344, height: 756 });
    // Two outputs of one prediction use consecutive seeds, so they differ.
    expect(images[0]!.equals(images[1]!)).toBe(false);
    expect((await fetch(`${t.server.origin}/delivery/nope/out-0.png`)).status).toBe(404);
  });

  it("lists predictions, newest first", async () => {
    const created = await t.replicate.predictions.create({ model: SCHNELL, input: { prompt: "gold necklace" } });
    const page = await t.replicate.predictions.list();
    expect(page.results[0]?.id).toBe(created.id);
    await settle(t.replicate, created.id);
  });

  it("sends signed webhooks for the requested events only", async () => {
    const created = await t.replicate.predictions.create({
      model: SCHNELL,
      input: { prompt: "white gold diamond ring", seed: 5 },
      webhook: hooks.url,
      webhook_events_filter: ["start", "completed"],
    });
    const completed = await hooks.waitFor((d) => d.json.id === created.id && d.json.status === "succeeded");
    const mine = hooks.deliveries.filter((d) => d.json.id === created.id);
    expect(mine.map((d) => d.json.status)).toEqual(["processing", "succeeded"]);
    expect(completed.json.output).toEqual((await t.replicate.predictions.get(created.id)).output);
    for (const delivery of mine) {
      expect(delivery.headers["content-type"]).toBe("application/json");
      expect(delivery.headers["webhook-id"]).toMatch(/^msg_[A-Za-z0-9]{27}$/);
      expect(Math.abs(Number(delivery.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(10);
      expect(delivery.headers["webhook-signature"]).toBe(expectedSignature(t.server.secret, delivery));
      const request = (body: string) => new Request(hooks.url, { method: "POST", headers: delivery.headers as Record<string, string>, body });
      expect(await validateWebhook(request(delivery.body), t.server.secret)).toBe(true);
      // One more byte must not verify.
      expect(await validateWebhook(request(`${delivery.body} `), t.server.secret)).toBe(false);
    }
    expect(new Set(mine.map((d) => d.headers["webhook-id"])).size).toBe(2);
  });

  it("sends start, logs, output and completed by default, in order", async () => {
    const created = await t.replicate.predictions.create({ model: SCHNELL, input: { prompt: "silver ruby earrings", seed: 9 }, webhook: hooks.url });
    await hooks.waitFor((d) => d.json.id === created.id && d.json.status === "succeeded");
    const mine = hooks.deliveries.filter((d) => d.json.id === created.id);
    const statuses = mine.map((d) => d.json.status);
    expect(statuses[0]).toBe("processing");
    expect(statuses.at(-1)).toBe("succeeded");
    expect(statuses.filter((s) => s === "succeeded")).toHaveLength(1);
    // Logs grow delivery by delivery; the output arrives while still processing, just before completion.
    const logs = mine.map((d) => d.json.logs.length);
    expect([...logs].sort((a, b) => a - b)).toEqual(logs);
    const outputDelivery = mine.at(-2)!;
    expect(outputDelivery.json.status).toBe("processing");
    expect(outputDelivery.json.output).not.toBeNull();
    expect(mine.length).toBeGreaterThanOrEqual(4 + 2);
  });

  it("answers 401 without a token, like Replicate", async () => {
    const response = await raw(`${t.server.url}/models/${SCHNELL}/predictions`, { method: "POST", body: JSON.stringify({ input: { prompt: "x" } }) });
    expect(response).toEqual({ status: 401, body: { title: "Unauthenticated", detail: "You did not pass a valid authentication token", status: 401 } });
    expect((await raw(`${t.server.url}/webhooks/default/secret`)).status).toBe(401);
  });

  it("answers 422 with invalid_fields for bad input", async () => {
    const missing = await apiError(t.replicate.predictions.create({ model: SCHNELL, input: { aspect_ratio: "7:1", num_outputs: 5, seed: "x" } }));
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ title: "Input validation failed", status: 422 });
    expect(missing.body.invalid_fields).toEqual(
      expect.arrayContaining([
        { type: "required", field: "input", description: "prompt is required" },
        expect.objectContaining({ type: "enum", field: "input.aspect_ratio" }),
        { type: "number_lte", field: "input.num_outputs", description: "Must be less than or equal to 4" },
        { type: "invalid_type", field: "input.seed", description: "Invalid type. Expected: integer, given: string" },
      ]),
    );
    expect(String(missing.body.detail)).toContain("- input: prompt is required\n");

    const format = await apiError(t.replicate.predictions.create({ model: "black-forest-labs/flux-kontext-pro", input: { prompt: "x", output_format: "webp" } }));
    expect(format.body.invalid_fields).toEqual([expect.objectContaining({ type: "enum", field: "input.output_format" })]);
    const noImage = await apiError(t.replicate.predictions.create({ model: "bria/remove-background", input: {} }));
    expect(noImage.status).toBe(422);
    const badUri = await apiError(t.replicate.predictions.create({ model: "bria/remove-background", input: { image: "not a url" } }));
    expect(badUri.body.invalid_fields).toEqual([{ type: "format", field: "input.image", description: "Does not match format 'uri'" }]);
    const events = await apiError(t.replicate.predictions.create({ model: SCHNELL, input: { prompt: "x" }, webhook: hooks.url, webhook_events_filter: ["done" as "completed"] }));
    expect(events.status).toBe(422);
    const extra = await raw(`${t.server.url}/predictions`, {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: JSON.stringify({ version: SCHNELL, input: { prompt: "x" }, color: "red" }),
    });
    expect(extra.body.invalid_fields).toEqual([{ type: "additional_property_not_allowed", field: "", description: "Additional property color is not allowed" }]);
  });

  it("answers 404 for an unknown model and 422 for an unknown version", async () => {
    expect((await apiError(t.replicate.predictions.create({ model: "acme/nothing", input: { prompt: "x" } }))).status).toBe(404);
    const version = await apiError(t.replicate.predictions.create({ version: "0".repeat(64), input: { prompt: "x" } }));
    expect(version).toMatchObject({ status: 422, body: { title: "Invalid version or not permitted" } });
    expect((await apiError(t.replicate.predictions.get("doesnotexist"))).status).toBe(404);
  });

  it("gives the webhook signing secret", async () => {
    const { key } = await t.replicate.webhooks.default.secret.get();
    expect(key).toBe(t.server.secret);
    expect(key).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  it("fails a prediction whose input image cannot be downloaded", async () => {
    const created = await t.replicate.predictions.create({ model: "bria/remove-background", input: { image: `${t.server.origin}/delivery/missing/image.png` } });
    const { prediction } = await settle(t.replicate, created.id);
    expect(prediction.status).toBe("failed");
    expect(prediction.error).toBe("could not download the input image: HTTP 404");
  });
});

describe("local Replicate server with latency", () => {
  let t: TestReplicate;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestReplicate({ latencyMs: 600 });
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await t.server.stop();
    await hooks.close();
  });

  it("goes starting → processing → succeeded, its logs growing with progress lines", async () => {
    const created = await t.replicate.predictions.create({ model: SCHNELL, input: { prompt: "yellow gold ruby ring", seed: 42 } });
    const seen: string[] = [];
    const logs: string[] = [];
    let prediction: Prediction = created;
    while (!["succeeded", "failed", "canceled"].includes(prediction.status)) {
      prediction = await t.replicate.predictions.get(created.id);
      if (seen.at(-1) !== prediction.status) seen.push(prediction.status);
      if (logs.at(-1) !== prediction.logs) logs.push(prediction.logs ?? "");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(["starting", ...seen.filter((s) => s !== "starting")]).toEqual(["starting", "processing", "succeeded"]);
    // Each snapshot of the logs extends the previous one.
    for (let i = 1; i < logs.length; i++) expect(logs[i]!.startsWith(logs[i - 1]!)).toBe(true);
    expect(logs.length).toBeGreaterThanOrEqual(3);
    expect(prediction.logs).toMatch(/^Using seed: 42\n {2}0%\| {10}\| 0\/4 \[00:00<\?, \?it\/s\]\n/);
    expect(prediction.logs).toContain(" 50%|█████     | 2/4 [");
    expect(parseProgressFromLogs(prediction)).toEqual({ percentage: 1, current: 4, total: 4 });
    const started = Date.parse(prediction.started_at!);
    const completed = Date.parse(prediction.completed_at!);
    expect(started).toBeGreaterThanOrEqual(Date.parse(prediction.created_at));
    expect(completed - Date.parse(prediction.created_at)).toBeGreaterThanOrEqual(550);
    expect(prediction.metrics?.predict_time).toBeCloseTo((completed - started) / 1000, 3);
  });

  it("cancels: status canceled, completed_at set, a completed webhook", async () => {
    const created = await t.replicate.predictions.create({ model: SCHNELL, input: { prompt: "gold bangle" }, webhook: hooks.url, webhook_events_filter: ["completed"] });
    const canceled = await t.replicate.predictions.cancel(created.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.completed_at).toBeTruthy();
    const delivery = await hooks.waitFor((d) => d.json.id === created.id);
    expect(delivery.json.status).toBe("canceled");
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await t.replicate.predictions.get(created.id)).status).toBe("canceled");
    // Canceling a finished prediction changes nothing.
    expect((await t.replicate.predictions.cancel(created.id)).status).toBe("canceled");
  });
});

describe("webhook retries", () => {
  let t: TestReplicate;
  let hooks: WebhookReceiver;

  beforeAll(async () => {
    t = await startTestReplicate({ webhookRetry: { attempts: 3, baseDelayMs: 20, timeoutMs: 300 } });
    hooks = await startWebhookReceiver();
  });
  afterAll(async () => {
    await t.server.stop();
    await hooks.close();
  });

  async function completedDeliveries(failWith: number[]): Promise<Delivery[]> {
    hooks.failWith(failWith);
    const created = await t.replicate.predictions.create({ model: SCHNELL, input: { prompt: "ring" }, webhook: hooks.url, webhook_events_filter: ["completed"] });
    await settle(t.replicate, created.id);
    await new Promise((resolve) => setTimeout(resolve, 400));
    return hooks.deliveries.filter((d) => d.json.id === created.id);
  }

  it("retries the terminal webhook on 5xx, keeping its webhook-id and signing each attempt", async () => {
    const deliveries = await completedDeliveries([503, 500]);
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.headers["webhook-id"])).size).toBe(1);
    for (const d of deliveries) expect(d.headers["webhook-signature"]).toBe(expectedSignature(t.server.secret, d));
  });

  it("gives up after the configured attempts", async () => {
    expect(await completedDeliveries([502, 502, 502, 502])).toHaveLength(3);
  });

  it("does not retry a 4xx answer", async () => {
    expect(await completedDeliveries([400])).toHaveLength(1);
  });

  it("retries a webhook that times out", async () => {
    const slow = createServer((req, res) => {
      slowHits++;
      if (slowHits === 1) return; // never answers: the sender's 300 ms timeout fires
      res.writeHead(200).end();
    });
    let slowHits = 0;
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    try {
      const created = await t.replicate.predictions.create({
        model: SCHNELL,
        input: { prompt: "ring" },
        webhook: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`,
        webhook_events_filter: ["completed"],
      });
      await settle(t.replicate, created.id);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(slowHits).toBe(2);
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});

describe("secret persistence and data expiry", () => {
  it("keeps the webhook secret in the data dir across restarts", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "bez-replicate-"));
    try {
      const first = await startReplicateServer({ dataDir, log: () => {} });
      await first.stop();
      const second = await startReplicateServer({ dataDir, log: () => {} });
      await second.stop();
      expect(second.secret).toBe(first.secret);
      const other = await startReplicateServer({ log: () => {} });
      await other.stop();
      expect(other.secret).not.toBe(first.secret);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("removes input, output and files after the time to live", async () => {
    const t = await startTestReplicate({ dataTtlMs: 150 });
    try {
      const created = await t.replicate.predictions.create({ model: SCHNELL, input: { prompt: "ring" } });
      const { prediction } = await settle(t.replicate, created.id);
      const [url] = prediction.output as string[];
      expect((await fetch(url!)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 450));
      const expired = await t.replicate.predictions.get(created.id);
      expect(expired).toMatchObject({ status: "succeeded", data_removed: true, input: {}, output: null });
      expect((await fetch(url!)).status).toBe(404);
    } finally {
      await t.server.stop();
    }
  });
});

describe("client compatibility", () => {
  it("uses the configured baseUrl for every call", async () => {
    const t = await startTestReplicate();
    try {
      const client = new Replicate({ auth: "another-token", baseUrl: t.server.url, useFileOutput: false });
      const created = await client.predictions.create({ model: SCHNELL, input: { prompt: "ring" } });
      expect(created.urls.get.startsWith(t.server.url)).toBe(true);
    } finally {
      await t.server.stop();
    }
  });
});
