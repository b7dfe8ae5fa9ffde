import type { Redis } from "ioredis";
import type { UsageReader } from "../../core/accounts/profile.ts";
import type { Clock } from "../../ports.ts";

/** Daily usage counters live at `bez:quota:{uid}:{YYYY-MM-DD}` (UTC day), written by the quota limiter. */
export const dailyQuotaKey = (uid: string, day: Date) => `bez:quota:${uid}:${day.toISOString().slice(0, 10)}`;

export function createUsageReader(redis: Redis, clock: Clock): UsageReader {
  return {
    async generationsToday(uid) {
      const value = await redis.get(dailyQuotaKey(uid, clock.now()));
      return value === null ? 0 : Number(value);
    },
  };
}
