/**
 * @bez/sdk on its own: when it retries and how long it waits (Retry-After as a floor, only repeatable requests after
 * a failure that may have done work), and against the local stack: a real 429 waited out, Idempotency-Key on every
 * creation (a replay returns the same generation), and waiting that falls back to polling when the event stream
 * cannot be had.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BezApiError, BezClient, BezNetworkError, type RetryNotice, defaultRetryPolicy, parseRetryAfter } from "../../packages/sdk/src/index.ts";
import { retryDelay } from "../../packages/sdk/src/retry.ts";
import { startGenerationStack, type GenerationStack } from "../helpers/generation-stack.ts";
import { newCliUser, removeUser, type CliUser } from "./cli-harness.ts";

const problem = (status: number, code: string, retryAfter: number | null) =>
  new BezApiError(status, { type: `https://bez.dev/problems/${code}`, title: code, status, code: code as "quota-exceeded", requestId: "r" }, "r", retryAfter);
const noJitter = () => 0;

describe("retry policy", () => {
  const policy = defaultRetryPolicy;

  it("waits out a 429's Retry-After even for a request that is not repeatable, but not a daily quota's hours", () => {
    expect(retryDelay(problem(429, "quota-exceeded", 3), { attempt: 1, waitedMs: 0, repeatable: false }, policy, noJitter)).toBe(3000);
    expect(retryDelay(problem(503, "rate-limiter-unavailable", 5), { attempt: 4, waitedMs: 0, repeatable: false }, policy, noJitter)).toBe(5000);
    expect(retryDelay(problem(429, "quota-exceeded", 7200), { attempt: 1, waitedMs: 0, repeatable: true }, policy, noJitter)).toBeNull();
    expect(retryDelay(problem(429, "quota-exceeded", 30), { attempt: 1, waitedMs: policy.maxTotalWaitMs - 1000, repeatable: true }, policy, noJitter)).toBeNull();
  });

  it("retries 5xx and network failures only when repeating cannot do the work twice, a bounded number of times", () => {
    const network = new BezNetworkError("http://127.0.0.1:9/v1/me", new Error("ECONNREFUSED"));
    expect(retryDelay(problem(500, "internal", null), { attempt: 1, waitedMs: 0, repeatable: false }, policy, noJitter)).toBeNull();
    expect(retryDelay(network, { attempt: 1, waitedMs: 0, repeatable: false }, policy, noJitter)).toBeNull();
    expect(retryDelay(network, { attempt: 1, waitedMs: 0, repeatable: true }, policy, noJitter)).toBeGreaterThan(0);
    expect(retryDelay(problem(502, "http-502", null), { attempt: policy.maxAttempts, waitedMs: 0, repeatable: true }, policy, noJitter)).toBeNull();
    // A still-running twin of an idempotent request: its answer comes with the next try.
    expect(retryDelay(problem(409, "conflict", 1), { attempt: 1, waitedMs: 0, repeatable: true }, policy, noJitter)).toBe(1000);
    expect(retryDelay(problem(400, "invalid-request", null), { attempt: 1, waitedMs: 0, repeatable: true }, policy, noJitter)).toBeNull();
  });

  it("jitters backoff within bounds", () => {
    const delays = Array.from({ length: 50 }, () => retryDelay(problem(503, "http-503", null), { attempt: 3, waitedMs: 0, repeatable: true }, policy) as number);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(policy.baseDelayMs / 2);
    expect(Math.max(...delays)).toBeLessThanOrEqual(policy.baseDelayMs / 2 + policy.baseDelayMs * 4);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it("reads Retry-After in seconds and as an HTTP date", () => {
    expect(parseRetryAfter("12")).toBe(12);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThanOrEqual(4);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
  });
});

describe("against the local stack", () => {
  let stack: GenerationStack;
  let user: CliUser;

  beforeAll(async () => {
    stack = await startGenerationStack({
      latencyMs: 50,
      api: {
        BEZ_RATE_LIMITS: JSON.stringify({
          generations: { limit: 2, windowSeconds: 2 },
        }),
      },
    });
    user = await newCliUser(stack.api.url);
  });
  afterAll(async () => {
    await Promise.all([stack?.stop(), user && removeUser(user)]);
  });

  /** A client whose requests are recorded (and, for event streams, optionally sabotaged). */
  function client(options: { events?: "html" | "refuse" } = {}) {
    const sent: { url: string; method: string; headers: Headers }[] = [];
    const notices: RetryNotice[] = [];
    const recording: typeof fetch = async (input, init) => {
      const url = String(input);
      sent.push({ url, method: init?.method ?? "GET", headers: new Headers(init?.headers) });
      if (url.endsWith("/events") && options.events === "html") return new Response("<html>buffered</html>", { status: 200, headers: { "content-type": "text/html" } });
      if (url.endsWith("/events") && options.events === "refuse") throw new TypeError("fetch failed");
      return fetch(input, init);
    };
    const bez = new BezClient({ apiUrl: stack.api.url, token: user.token, fetch: recording, retry: { maxAttempts: 2, baseDelayMs: 20 }, onRetry: (n) => notices.push(n) });
    return { bez, sent, notices };
  }

  it("sends an Idempotency-Key with every creation; the same key returns the same generation", async () => {
    const { bez, sent } = client();
    const first = await bez.createGeneration({ preset: "packshot-white", prompt: "silver pearl necklace" }, { idempotencyKey: "catalog-42" });
    const replay = await bez.createGeneration({ preset: "packshot-white", prompt: "silver pearl necklace" }, { idempotencyKey: "catalog-42" });
    expect(replay.id).toBe(first.id);
    const fresh = await bez.createGeneration({ preset: "packshot-white", prompt: "gold hoops" });
    expect(fresh.id).not.toBe(first.id);
    const keys = sent.filter((s) => s.method === "POST").map((s) => s.headers.get("idempotency-key"));
    expect(keys.slice(0, 2)).toEqual(["catalog-42", "catalog-42"]);
    expect(keys.at(-1)).toMatch(/^[0-9a-f-]{36}$/);
    for (const id of [first.id, fresh.id]) expect((await bez.waitForGeneration(id)).status).toBe("succeeded");
  });

  it("waits out a real 429 as Retry-After says", async () => {
    const { bez, notices } = client();
    const started = Date.now();
    for (const prompt of ["rose gold ring", "platinum band", "emerald pendant"]) await bez.createGeneration({ preset: "packshot-white", prompt });
    const refused = notices.filter((n) => n.error instanceof BezApiError && n.error.status === 429);
    expect(refused.length).toBeGreaterThan(0);
    for (const notice of refused) expect(notice.delayMs).toBeGreaterThanOrEqual(((notice.error as BezApiError).retryAfterSeconds ?? 0) * 1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("waits on the event stream, and falls back to polling when a proxy buffers or refuses it", async () => {
    const plain = client();
    const accepted = await plain.bez.createGeneration({ preset: "packshot-white", prompt: "diamond stud earrings" });
    const updates: string[] = [];
    const done = await plain.bez.waitForGeneration(accepted.id, { onUpdate: (u) => updates.push(u.status) });
    expect(done.status).toBe("succeeded");
    expect(updates.at(-1)).toBe("succeeded");
    expect(plain.sent.filter((s) => s.url.endsWith("/events")).length).toBe(1);

    for (const events of ["html", "refuse"] as const) {
      const sabotaged = client({ events });
      const next = await sabotaged.bez.createGeneration({ preset: "packshot-white", prompt: `sapphire bracelet ${events}` });
      const finished = await sabotaged.bez.waitForGeneration(next.id, { pollIntervalMs: 100 });
      expect(finished.status, events).toBe("succeeded");
      expect(finished.outputs).toHaveLength(1);
      expect(sabotaged.sent.filter((s) => s.url.endsWith(`/v1/generations/${next.id}`)).length, events).toBeGreaterThan(0);
    }
  });

  it("streams an image to disk and surfaces a missing one as not-found", async () => {
    const { bez } = client();
    const accepted = await bez.createGeneration({ preset: "packshot-white", prompt: "gold locket" });
    const generation = await bez.waitForGeneration(accepted.id);
    const imageId = generation.outputs[0]?.imageId as string;
    const saved = await bez.downloadImage(imageId, (ext) => `${user.workDir}/out/${imageId}.${ext}`);
    expect(saved.path).toBe(`${user.workDir}/out/${imageId}.png`);
    expect(saved.bytes).toBeGreaterThan(100);
    const missing = await bez.getImage("nope").catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(BezApiError);
    expect(missing).toMatchObject({ status: 404, code: "not-found" });
  });
});
