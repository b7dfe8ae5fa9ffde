/**
 * Limiter decisions per second at 64 concurrent callers on one Redis, against rate-limiter-flexible's
 * RateLimiterRedis and against a raw EVALSHA of a one-line script (the floor any Lua limiter pays). Same client, same
 * keys, tinybench's task-concurrent mode, interleaved rounds.
 */
import { randomUUID } from "node:crypto";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { createRedis, whenReady } from "../../functions/src/adapters/redis/client.ts";
import { createRedisRateLimiter } from "../../functions/src/adapters/redis/rate-limiter.ts";
import { startRedis } from "../../local/src/processes/redis.ts";
import { type BenchSuite, concurrentOpsPerSecond, interleave, result } from "../harness.ts";

const concurrency = 64;
const keys = Array.from({ length: 256 }, () => `{bench-${randomUUID()}}`);
const pick = (i: number) => keys[i % keys.length] as string;

const suite: BenchSuite = {
  name: "rate-limiter",
  async run() {
    const server = await startRedis({ onOutput: () => {} });
    const redis = createRedis(server.url);
    try {
      await whenReady(redis);
      const ours = createRedisRateLimiter(redis);
      const policy = { name: "bench", limit: 1_000_000_000, windowSeconds: 60 };
      const flexible = new RateLimiterRedis({ storeClient: redis, points: 1_000_000_000, duration: 60, keyPrefix: "bench-rlf" });
      const sha = (await redis.script("LOAD", "return 1")) as string;
      let i = 0;

      const rate = (fn: () => Promise<unknown>) => concurrentOpsPerSecond(fn, concurrency, { timeMs: 800, warmupMs: 200 });
      const oursRate = () => rate(() => ours.hit(`bez:rl:bench:${pick(i++)}`, policy));
      const flexibleRate = () => rate(() => flexible.consume(pick(i++)));
      const rawRate = () => rate(() => redis.evalsha(sha, 1, pick(i++)));

      // Six interleaved rounds, medians: single-round figures swing by ±30% on a shared two-core machine.
      const vsFlexible = await interleave(6, (side) => (side === "ours" ? oursRate() : flexibleRate()));
      const vsRaw = await interleave(6, (side) => (side === "ours" ? oursRate() : rawRate()));
      return [
        result("limiter decisions vs rate-limiter-flexible (64 concurrent)", vsFlexible.ours, vsFlexible.baseline, "decisions/s", 1.0),
        result("limiter decisions vs raw EVALSHA (64 concurrent)", vsRaw.ours, vsRaw.baseline, "decisions/s", 0.7),
      ];
    } finally {
      redis.disconnect();
      await server.stop();
    }
  },
};

export default suite;
