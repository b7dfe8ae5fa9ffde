/**
 * The daily salt for hashing client IPs, shared by every API instance through Redis: the first instance of the
 * day sets a random one (SET NX), and it expires after two days, after which that day's hashes are unlinkable.
 */
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { type Clock, type DailySalt, RateLimiterUnavailable } from "../../ports.ts";
import { whenReady } from "./client.ts";

export function createDailySalt(redis: Redis, clock: Clock): DailySalt {
  let cached: { day: string; salt: Uint8Array } | null = null;
  return {
    async current() {
      const day = clock.now().toISOString().slice(0, 10);
      if (cached?.day === day) return cached.salt;
      try {
        if (redis.status !== "ready") await whenReady(redis, 1000);
        const key = `bez:ip-salt:${day}`;
        await redis.set(key, randomBytes(32).toString("base64"), "EX", 2 * 86400, "NX");
        const stored = await redis.get(key);
        if (!stored) throw new Error("salt vanished");
        cached = { day, salt: Buffer.from(stored, "base64") };
        return cached.salt;
      } catch {
        throw new RateLimiterUnavailable();
      }
    },
  };
}
