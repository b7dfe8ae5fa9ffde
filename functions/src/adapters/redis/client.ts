/**
 * The shared ioredis connection. No offline queue and one retry per command, so a Redis outage surfaces
 * at once as an error (limited routes fail closed) instead of requests piling up; reconnects run in the background.
 */
import { Redis } from "ioredis";

export function createRedis(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Errors are reported through failing commands and /v1/health; an unhandled 'error' event would crash the process.
  redis.on("error", () => {});
  return redis;
}

const pendingReady = new WeakMap<Redis, Promise<void>>();

/**
 * Waits (briefly) for a connection that is still being established, so a fresh process does not report Redis down.
 * Concurrent callers share one wait, so a burst of requests during a reconnect adds one listener, not hundreds.
 */
export async function whenReady(redis: Redis, timeoutMs = 1500): Promise<void> {
  if (redis.status === "ready") return;
  if (redis.status === "end") throw new Error("redis connection closed");
  let pending = pendingReady.get(redis);
  if (!pending) {
    pending = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off("ready", onReady);
        reject(new Error("redis not ready"));
      }, timeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      redis.once("ready", onReady);
    }).finally(() => pendingReady.delete(redis));
    pendingReady.set(redis, pending);
  }
  await pending;
}

export async function pingRedis(redis: Redis): Promise<void> {
  await whenReady(redis);
  const answer = await redis.ping();
  if (answer !== "PONG") throw new Error("unexpected PING answer");
}
