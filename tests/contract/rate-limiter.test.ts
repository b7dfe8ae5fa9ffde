/**
 * The Redis RateLimiter adapter against a real redis-server: exactness under concurrency, leases that expire
 * when their holder dies, quota reserve/commit/refund, and failing closed when Redis is gone.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../functions/src/adapters/redis/client.ts";
import { createRedisRateLimiter } from "../../functions/src/adapters/redis/rate-limiter.ts";
import { RateLimiterUnavailable, type RateLimiter } from "../../functions/src/ports.ts";
import { repoRoot } from "../../local/src/processes/repo-root.ts";
import { startRedis, type RedisServer } from "../../local/src/processes/redis.ts";

let server: RedisServer;
let redis: ReturnType<typeof createRedis>;
let limiter: RateLimiter;
const key = (name: string) => `bez:test:${name}:{${randomUUID()}}`;
const quiet = () => {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = await startRedis({ onOutput: quiet });
  redis = createRedis(server.url);
  limiter = createRedisRateLimiter(redis);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe("rate (GCRA)", () => {
  it("admits exactly the limit out of 200 concurrent hits, and says when to retry", async () => {
    const policy = { name: "t", limit: 20, windowSeconds: 60 };
    const k = key("rate");
    const decisions = await Promise.all(Array.from({ length: 200 }, () => limiter.hit(k, policy)));
    const allowed = decisions.filter((d) => d.allowed);
    expect(allowed).toHaveLength(20);
    expect(new Set(allowed.map((d) => d.remaining))).toEqual(new Set(Array.from({ length: 20 }, (_, i) => i)));
    for (const refused of decisions.filter((d) => !d.allowed)) {
      expect(refused.remaining).toBe(0);
      // One slot refills every 60/20 = 3 s (less whatever the burst itself took).
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3);
      expect(refused.resetSeconds).toBeGreaterThan(50);
      expect(refused.resetSeconds).toBeLessThanOrEqual(60);
    }
  });

  it("refills smoothly: one slot per interval", async () => {
    const policy = { name: "t", limit: 5, windowSeconds: 1 };
    const k = key("refill");
    for (let i = 0; i < 5; i++) expect((await limiter.hit(k, policy)).allowed).toBe(true);
    expect((await limiter.hit(k, policy)).allowed).toBe(false);
    await sleep(250);
    expect((await limiter.hit(k, policy)).allowed).toBe(true);
    expect((await limiter.hit(k, policy)).allowed).toBe(false);
  });

  it("keeps subjects apart", async () => {
    const policy = { name: "t", limit: 1, windowSeconds: 60 };
    const [a, b] = [key("a"), key("b")];
    expect((await limiter.hit(a, policy)).allowed).toBe(true);
    expect((await limiter.hit(a, policy)).allowed).toBe(false);
    expect((await limiter.hit(b, policy)).allowed).toBe(true);
  });
});

/** An admission that only the lease can refuse: the rate and the quota are far from their limits. */
const leaseOnly = (k: string, limit: number, leaseSeconds: number) => ({
  rate: { key: `${k}:rate`, policy: { name: "t", limit: 1_000_000, windowSeconds: 60 } },
  lease: { key: k, limit, leaseSeconds },
  quota: { key: `${k}:quota`, amounts: [], limit: 1_000_000 },
});

describe("admission: the in-flight lease", () => {
  it("never has more than 4 holders across 100 concurrent admissions and releases", async () => {
    const k = key("sem");
    let holders = 0;
    let most = 0;
    let completed = 0;
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        for (;;) {
          const admission = await limiter.admit(leaseOnly(k, 4, 30));
          if (admission.outcome !== "admitted") {
            expect(admission).toMatchObject({ outcome: "lease-refused", lease: { acquired: false, holders: 4 } });
            await sleep(2 + Math.random() * 5);
            continue;
          }
          holders++;
          most = Math.max(most, holders);
          expect(holders).toBeLessThanOrEqual(4);
          await sleep(1 + Math.random() * 3);
          holders--;
          await limiter.release(k, admission.leaseId);
          completed++;
          return;
        }
      }),
    );
    expect(completed).toBe(100);
    expect(most).toBe(4);
  });

  it("frees the lease of a holder that dies once its lease expires", async () => {
    const k = key("dead");
    // A separate process takes the only slot and is killed without releasing it.
    const script = `
      import { createRedis } from "./functions/src/adapters/redis/client.ts";
      import { createRedisRateLimiter } from "./functions/src/adapters/redis/rate-limiter.ts";
      const limiter = createRedisRateLimiter(createRedis(${JSON.stringify(server.url)}));
      const admission = await limiter.admit(${JSON.stringify(leaseOnly(k, 1, 2))});
      console.log(admission.outcome === "admitted" ? "HELD" : "REFUSED");
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: repoRoot });
    const held = await new Promise<string>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim())));
    expect(held).toBe("HELD");
    child.kill("SIGKILL");
    const refused = await limiter.admit(leaseOnly(k, 1, 2));
    if (refused.outcome !== "lease-refused") throw new Error(`expected lease-refused, got ${refused.outcome}`);
    expect(refused.lease.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.lease.retryAfterSeconds).toBeLessThanOrEqual(2);
    await sleep(2100);
    expect((await limiter.admit(leaseOnly(k, 1, 2))).outcome).toBe("admitted");
  });
});

describe("admission: rate, lease and quota decided together", () => {
  const request = (k: string, rateLimit: number, leaseLimit: number, amounts: number[], quota: number) => ({
    rate: { key: `${k}:rate`, policy: { name: "t", limit: rateLimit, windowSeconds: 60 } },
    lease: { key: `${k}:lease`, limit: leaseLimit, leaseSeconds: 60 },
    quota: { key: `${k}:quota`, amounts, limit: quota },
  });

  it("admitted: one lease and one refundable reservation per amount", async () => {
    const k = key("admit");
    const admission = await limiter.admit(request(k, 10, 4, [4, 2], 200));
    if (admission.outcome !== "admitted") throw new Error(`expected admitted, got ${admission.outcome}`);
    expect(admission.rate).toMatchObject({ allowed: true, limit: 10, remaining: 9 });
    expect(admission.reservationIds).toHaveLength(2);
    expect(await limiter.used(`${k}:quota`)).toBe(6);
    await limiter.refund(`${k}:quota`, admission.reservationIds[0] as string);
    expect(await limiter.used(`${k}:quota`)).toBe(2);
    await limiter.release(`${k}:lease`, admission.leaseId);
  });

  it("a refused rate takes nothing; a refused lease or quota spends the rate unit and takes nothing else", async () => {
    const k = key("order");
    expect((await limiter.admit(request(k, 2, 1, [1], 200))).outcome).toBe("admitted");
    // The lease is full: the rate unit goes, the quota stays.
    const leaseRefused = await limiter.admit(request(k, 2, 1, [1], 200));
    expect(leaseRefused).toMatchObject({ outcome: "lease-refused", rate: { allowed: true, remaining: 0 }, lease: { holders: 1 } });
    expect(await limiter.used(`${k}:quota`)).toBe(1);
    // The rate is spent: refused before the lease is even looked at.
    const rateRefused = await limiter.admit(request(k, 2, 1, [1], 200));
    expect(rateRefused).toMatchObject({ outcome: "rate-limited", rate: { allowed: false } });
    expect(rateRefused.rate.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    const q = key("quota-order");
    const quotaRefused = await limiter.admit(request(q, 10, 4, [3, 3], 5));
    expect(quotaRefused).toMatchObject({ outcome: "quota-refused", quota: { reserved: false, used: 0, limit: 5 } });
    expect(await limiter.used(`${q}:quota`)).toBe(0);
    // No lease was taken by the refused admission: all four are still free.
    for (let i = 0; i < 4; i++) expect((await limiter.admit(request(q, 10, 4, [1], 5))).outcome).toBe("admitted");
  });

  it("concurrent admissions never overshoot the quota", async () => {
    const k = key("admit-race");
    const results = await Promise.all(Array.from({ length: 60 }, () => limiter.admit(request(k, 1000, 1000, [2, 2], 50))));
    expect(results.filter((r) => r.outcome === "admitted")).toHaveLength(12);
    expect(await limiter.used(`${k}:quota`)).toBe(48);
  });
});

describe("daily quota", () => {
  it("reserve 4, fail, refund: the counter is back where it was; a second refund changes nothing", async () => {
    const k = key("quota");
    const first = await limiter.reserve(k, 3, 200);
    expect(first).toMatchObject({ reserved: true, used: 3, limit: 200 });
    const four = await limiter.reserve(k, 4, 200);
    expect(four.used).toBe(7);
    await limiter.refund(k, four.reservationId as string);
    expect(await limiter.used(k)).toBe(3);
    await limiter.refund(k, four.reservationId as string);
    expect(await limiter.used(k)).toBe(3);
  });

  it("a committed reservation cannot be refunded", async () => {
    const k = key("commit");
    const r = await limiter.reserve(k, 2, 10);
    await limiter.commit(k, r.reservationId as string);
    await limiter.refund(k, r.reservationId as string);
    expect(await limiter.used(k)).toBe(2);
  });

  it("concurrent reservations never overshoot the limit", async () => {
    const k = key("race");
    const results = await Promise.all(Array.from({ length: 60 }, () => limiter.reserve(k, 4, 50)));
    expect(results.filter((r) => r.reserved)).toHaveLength(12);
    expect(await limiter.used(k)).toBe(48);
    const refused = results.find((r) => !r.reserved);
    expect(refused?.reservationId).toBeNull();
    expect(refused?.resetSeconds).toBeGreaterThan(0);
    expect(refused?.resetSeconds).toBeLessThanOrEqual(86400);
  });
});

describe("forget", () => {
  it("removes every key of one subject and none of a subject whose id extends it", async () => {
    const policy = { name: "t", limit: 5, windowSeconds: 60 };
    const id = randomUUID();
    await limiter.hit(`bez:rl:t:{u:${id}}`, policy);
    await limiter.reserve(`bez:quota:images:{u:${id}}`, 1, 10);
    await limiter.hit(`bez:rl:t:{u:${id}x}`, policy);
    await limiter.forget(`u:${id}`);
    expect(await redis.keys(`*{u:${id}}*`)).toEqual([]);
    expect(await redis.keys(`*{u:${id}x}*`)).toHaveLength(1);
  });
});

describe("Redis unavailable", () => {
  it("throws RateLimiterUnavailable (callers fail closed) and recovers when Redis is back", async () => {
    const own = await startRedis({ onOutput: quiet });
    const client = createRedis(own.url);
    const ownLimiter = createRedisRateLimiter(client);
    const policy = { name: "t", limit: 100, windowSeconds: 60 };
    try {
      expect((await ownLimiter.hit("bez:x:{s}", policy)).allowed).toBe(true);
      await own.stop();
      await expect(ownLimiter.hit("bez:x:{s}", policy)).rejects.toBeInstanceOf(RateLimiterUnavailable);
      await expect(ownLimiter.reserve("bez:q:{s}", 1, 10)).rejects.toBeInstanceOf(RateLimiterUnavailable);
      const again = await startRedis({ port: own.port, onOutput: quiet });
      try {
        let recovered = false;
        for (let i = 0; i < 50 && !recovered; i++) {
          recovered = await ownLimiter.hit("bez:x:{s}", policy).then(
            (d) => d.allowed,
            () => false,
          );
          if (!recovered) await sleep(100);
        }
        expect(recovered).toBe(true);
      } finally {
        await again.stop();
      }
    } finally {
      client.disconnect();
    }
  });
});
