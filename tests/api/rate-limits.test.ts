/**
 * Rate limits through HTTP: exact across processes, IETF headers on every limited response, salted per-IP
 * limits that believe X-Forwarded-For only from trusted proxies, and failing closed while Redis is down.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePorts } from "../../local/src/processes/free-port.ts";
import { startApi, type ApiServer } from "../../local/src/processes/api.ts";
import { startRedis } from "../../local/src/processes/redis.ts";
import { defaultHealthCache } from "../../functions/src/http/routes/health.ts";
import { createUser } from "../helpers/auth-emulator-client.ts";
import { startTestApi, testEnv } from "../helpers/api-server.ts";
import { swatch } from "../helpers/images.ts";
import { expectProblem } from "../helpers/problems.ts";
import { selectTestStore } from "../helpers/test-store.ts";

const quiet = () => {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const policyHeader = /^"([A-Za-z-]+)";q=(\d+);w=(\d+)$/;
const stateHeader = /^"([A-Za-z-]+)";r=(\d+);t=(\d+)$/;

/** Checks the IETF draft header grammar and that the two headers agree; returns the parsed numbers. */
function expectRateHeaders(response: Response, policy: string, quota: number) {
  const p = policyHeader.exec(response.headers.get("ratelimit-policy") ?? "");
  const s = stateHeader.exec(response.headers.get("ratelimit") ?? "");
  expect(p, "RateLimit-Policy grammar").not.toBeNull();
  expect(s, "RateLimit grammar").not.toBeNull();
  expect(p?.[1]).toBe(policy);
  expect(s?.[1]).toBe(policy);
  expect(Number(p?.[2])).toBe(quota);
  const remaining = Number(s?.[2]);
  expect(remaining).toBeLessThanOrEqual(quota);
  return { remaining, reset: Number(s?.[3]), window: Number(p?.[3]) };
}

describe("per-user limits across processes", () => {
  it("4 API processes, 200 concurrent requests, limit 20: exactly 20 admitted and 180 refused with Retry-After", { timeout: 180_000 }, async () => {
    const env = testEnv();
    const redis = await startRedis({ onOutput: quiet });
    cleanups.push(() => redis.stop());
    process.env.BEZ_RATE_LIMITS = JSON.stringify({ account: { limit: 20, windowSeconds: 60 } });
    process.env.BEZ_LOG_LEVEL = "silent";
    const ports = await freePorts(4);
    // On Firestore the four processes share one database, as production instances do.
    const store = selectTestStore(env.projectId);
    cleanups.push(() => store.clear());
    const apis: ApiServer[] = await Promise.all(
      ports.map(async (port) => {
        const dataDir = await mkdtemp(join(tmpdir(), "bez-rl-"));
        const api = await startApi({
          port,
          dataDir,
          redisUrl: redis.url,
          projectId: env.projectId,
          authHost: env.authHost,
          webOrigins: [],
          firestoreHost: store.env.FIRESTORE_EMULATOR_HOST ?? null,
          firestoreDatabase: store.database ?? undefined,
          onOutput: quiet,
        });
        cleanups.push(async () => {
          await api.stop();
          await rm(dataDir, { recursive: true, force: true });
        });
        return api;
      }),
    );
    const user = await createUser(`rl-${randomUUID()}@example.test`, "a long enough passphrase");
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${apis[i % 4]?.url}/v1/me`, { headers: { authorization: `Bearer ${user.idToken}` } }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(180);
    for (const response of responses) {
      const { remaining, reset, window } = expectRateHeaders(response, "account", 20);
      expect(window).toBe(60);
      expect(reset).toBeLessThanOrEqual(60);
      if (response.status === 429) {
        expect(remaining).toBe(0);
        // One slot refills every 60/20 = 3 s; time spent serving the burst may already count against that.
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(3);
        expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(((await response.json()) as { code: string }).code).toBe("quota-exceeded");
      } else {
        await response.body?.cancel();
      }
    }
  });
});

describe("per-IP limits on unauthenticated requests", () => {
  it("count requests without credentials per client network; trusted proxies' X-Forwarded-For is believed", async () => {
    const api = await startTestApi({
      BEZ_RATE_LIMITS: JSON.stringify({ public: { limit: 3, windowSeconds: 60 } }),
      BEZ_TRUSTED_PROXIES: "127.0.0.1",
    });
    cleanups.push(() => api.stop());
    const from = (ip: string) => fetch(`${api.url}/v1/me`, { headers: { "x-forwarded-for": ip } });

    const a = [];
    for (let i = 0; i < 5; i++) a.push(await from("198.51.100.10"));
    expect(a.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
    for (const r of a) expectRateHeaders(r, "public", 3);
    expect(Number(a[3]?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    // Another network has its own budget; an IPv6 neighbour in the same /64 shares one.
    expect((await from("198.51.100.11")).status).toBe(401);
    for (let i = 0; i < 3; i++) expect((await from(`2001:db8:5:6::${i + 1}`)).status).toBe(401);
    expect((await from("2001:db8:5:6:ffff::1")).status).toBe(429);
    expect((await from("2001:db8:5:7::1")).status).toBe(401);

    // No raw IP is stored in Redis: keys carry only the salted hash.
    const { createRedis, whenReady } = await import("../../functions/src/adapters/redis/client.ts");
    const redis = createRedis(testEnv().redisUrl);
    try {
      await whenReady(redis);
      const keys = await redis.keys("bez:rl:public:*");
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(" ")).not.toMatch(/198\.51|2001:db8/);
    } finally {
      redis.disconnect();
    }
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const api = await startTestApi({ BEZ_RATE_LIMITS: JSON.stringify({ public: { limit: 2, windowSeconds: 60 } }), BEZ_TRUSTED_PROXIES: "10.0.0.0/8" });
    cleanups.push(() => api.stop());
    const statuses = [];
    // A different spoofed address each time: all of them are the same untrusted peer.
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${api.url}/v1/me`, { headers: { "x-forwarded-for": `203.0.113.${i}` } })).status);
    expect(statuses).toEqual([401, 401, 429, 429]);
  });
});

describe("limits where cost is", () => {
  /** An API with its own Redis, so the per-network counts of this test meet no other test's. */
  async function isolatedApi(limits: Record<string, { limit: number; windowSeconds: number }>) {
    const redis = await startRedis({ onOutput: quiet });
    const api = await startTestApi({ BEZ_REDIS_URL: redis.url, BEZ_RATE_LIMITS: JSON.stringify(limits) });
    cleanups.push(async () => {
      await api.stop();
      await redis.stop();
    });
    return { api, redis };
  }

  it("uploads: 429 with Retry-After past the uploads policy, per user", { timeout: 60_000 }, async () => {
    const { api } = await isolatedApi({ uploads: { limit: 2, windowSeconds: 60 } });
    const [alice, bob] = await Promise.all([0, 1].map((i) => createUser(`up${i}-${randomUUID()}@example.test`, "a long enough passphrase")));
    const png = await swatch(64, 48).png().toBuffer();
    const upload = (token: string) =>
      fetch(`${api.url}/v1/images`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "image/png" }, body: png });
    for (let i = 0; i < 2; i++) {
      const ok = await upload(alice!.idToken);
      expect(ok.status).toBe(201);
      expectRateHeaders(ok, "uploads", 2);
    }
    const refused = await upload(alice!.idToken);
    await expectProblem(refused, 429, "quota-exceeded");
    expectRateHeaders(refused, "uploads", 2);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await upload(bob!.idToken)).status).toBe(201);
  });

  it("transcodes: counted per owner and per signed link; serving the stored bytes is not a transcode", { timeout: 60_000 }, async () => {
    const { api } = await isolatedApi({ transcodes: { limit: 3, windowSeconds: 60 }, linkTranscodes: { limit: 1, windowSeconds: 60 } });
    const user = await createUser(`tc-${randomUUID()}@example.test`, "a long enough passphrase");
    const auth = { authorization: `Bearer ${user.idToken}` };
    const created = await fetch(`${api.url}/v1/images`, {
      method: "POST",
      headers: { ...auth, "content-type": "image/png" },
      body: await swatch(640, 480).png().toBuffer(),
    });
    const { id } = (await created.json()) as { id: string };
    const content = (query: string, headers: Record<string, string> = auth) => fetch(`${api.url}/v1/images/${id}/content${query}`, { headers });

    for (let i = 0; i < 3; i++) expect((await content("")).status).toBe(200);
    const signed = ((await (await fetch(`${api.url}/v1/images/${id}`, { headers: auth })).json()) as { url: string }).url;
    const link = new URL(signed).search;
    const first = await content(`${link}&format=webp`, {});
    expect(first.status).toBe(200);
    expectRateHeaders(first, "transcodes", 3);
    const linkRefused = await content(`${link}&format=jpeg`, {});
    await expectProblem(linkRefused, 429, "quota-exceeded");
    expectRateHeaders(linkRefused, "linkTranscodes", 1);
    // The link's own bytes still flow: only conversions are limited.
    expect((await content(link, {})).status).toBe(200);

    // The owner has spent one of three on the link; two more conversions, then 429.
    expect((await content("?format=jpeg")).status).toBe(200);
    expect((await content("?width=100")).status).toBe(200);
    const refused = await content("?format=webp");
    await expectProblem(refused, 429, "quota-exceeded");
    expectRateHeaders(refused, "transcodes", 3);
  });

  it("failed authentications count per client network, Authorization header or not; good tokens are never counted", { timeout: 60_000 }, async () => {
    const { api, redis } = await isolatedApi({ authFailures: { limit: 3, windowSeconds: 300 } });
    const user = await createUser(`af-${randomUUID()}@example.test`, "a long enough passphrase");
    const me = (token: string) => fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < 5; i++) expect((await me(user.idToken)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const refused = await me(`not-a-token-${i}`);
      await expectProblem(refused, 401, "unauthenticated");
      expectRateHeaders(refused, "authFailures", 3);
    }
    const limited = await me("not-a-token-again");
    await expectProblem(limited, 429, "quota-exceeded");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // A forged personal access token is a failed authentication too; a good token still works.
    await expectProblem(await me("bez_pat_forged_0000000000000000000000000000"), 429, "quota-exceeded");
    expect((await me(user.idToken)).status).toBe(200);

    await redis.stop();
    await expectProblem(await me("not-a-token-while-down"), 503, "rate-limiter-unavailable");
  });
});

describe("Redis down", () => {
  it("no limited route answers 200 while Redis is down; the API recovers by itself when it is back", { timeout: 60_000 }, async () => {
    const redis = await startRedis({ onOutput: quiet });
    const api = await startTestApi({ BEZ_REDIS_URL: redis.url });
    cleanups.push(() => api.stop());
    const user = await createUser(`down-${randomUUID()}@example.test`, "a long enough passphrase");
    const me = () => fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${user.idToken}` } });
    expect((await me()).status).toBe(200);

    await redis.stop();
    const during = await Promise.all(Array.from({ length: 20 }, () => me()));
    for (const response of during) {
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(((await response.json()) as { code: string }).code).toBe("rate-limiter-unavailable");
    }
    const unauthenticated = await fetch(`${api.url}/v1/me`);
    expect(unauthenticated.status).toBe(503);
    const health = await fetch(`${api.url}/v1/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { checks: Record<string, string> }).checks.redis).toBe("down");

    const back = await startRedis({ port: redis.port, onOutput: quiet });
    cleanups.push(() => back.stop());
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      status = (await me()).status;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
    // Health holds a "down" for up to a second (so strangers cannot hammer a failing dependency): recovery shows after it.
    await sleep(defaultHealthCache.downMs);
    expect((await fetch(`${api.url}/v1/health`)).status).toBe(200);
  });
});
