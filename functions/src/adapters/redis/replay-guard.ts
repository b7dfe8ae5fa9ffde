/** The ReplayGuard port on Redis: one SET NX EX per id, so every API instance shares one memory of deliveries. */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { ReplayGuard } from "../../ports.ts";
import { whenReady } from "./client.ts";

export function createRedisReplayGuard(redis: Redis, namespace: string): ReplayGuard {
  // Hashed: the id comes from outside and must not shape the key space.
  const keyOf = (id: string) => `bez:seen:${namespace}:${createHash("sha256").update(id).digest("base64url")}`;
  return {
    async firstSeen(id, ttlSeconds) {
      if (redis.status !== "ready") await whenReady(redis, 1000);
      return (await redis.set(keyOf(id), "1", "EX", ttlSeconds, "NX")) === "OK";
    },
    async forget(id) {
      if (redis.status !== "ready") await whenReady(redis, 1000);
      await redis.del(keyOf(id));
    },
  };
}
