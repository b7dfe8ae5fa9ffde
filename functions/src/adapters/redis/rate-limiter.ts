/** The RateLimiter port on Redis: one EVALSHA per decision (ioredis defineCommand falls back to EVAL once). */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import {
  type Admission,
  type AdmissionRequest,
  type QuotaDecision,
  type RateDecision,
  type RateLimiter,
  RateLimiterUnavailable,
  type RatePolicy,
} from "../../ports.ts";
import { whenReady } from "./client.ts";
import { admitScript, gcraScript, refundScript, reserveScript, usedScript } from "./limiter-scripts.ts";

type Reply = number[];
interface LimiterCommands {
  bezGcra(key: string, limit: number, windowMs: number, cost: number): Promise<Reply>;
  bezReserve(counter: string, reservations: string, amount: number, limit: number, id: string): Promise<Reply>;
  bezRefund(reservations: string, id: string): Promise<number>;
  bezUsed(counter: string): Promise<number>;
  bezAdmit(rate: string, lease: string, counter: string, reservations: string, ...args: (string | number)[]): Promise<Reply>;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/** The reservations hash sits beside the counter prefix; both carry the subject's {hash tag}, so one slot holds them. */
const reservationsKey = (counterPrefix: string) => `${counterPrefix}:reservations`;

export function createRedisRateLimiter(redis: Redis): RateLimiter {
  redis.defineCommand("bezGcra", { numberOfKeys: 1, lua: gcraScript });
  redis.defineCommand("bezReserve", { numberOfKeys: 2, lua: reserveScript });
  redis.defineCommand("bezRefund", { numberOfKeys: 1, lua: refundScript });
  redis.defineCommand("bezUsed", { numberOfKeys: 1, lua: usedScript });
  redis.defineCommand("bezAdmit", { numberOfKeys: 4, lua: admitScript });
  const commands = redis as unknown as Redis & LimiterCommands;

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      if (redis.status !== "ready") await whenReady(redis, 1000);
      return await work();
    } catch {
      throw new RateLimiterUnavailable();
    }
  }

  return {
    hit: (key, policy: RatePolicy, cost = 1) =>
      guarded(async (): Promise<RateDecision> => {
        const [allowed = 0, remaining = 0, resetMs = 0, retryMs = 0] = await commands.bezGcra(
          key,
          policy.limit,
          policy.windowSeconds * 1000,
          cost,
        );
        return {
          allowed: allowed === 1,
          limit: policy.limit,
          remaining,
          resetSeconds: seconds(resetMs),
          retryAfterSeconds: allowed === 1 ? 0 : Math.max(1, seconds(retryMs)),
        };
      }),

    admit: (request: AdmissionRequest) =>
      guarded(async (): Promise<Admission> => {
        const { rate, lease, quota } = request;
        const leaseId = randomUUID();
        const reservationIds = quota.amounts.map(() => randomUUID());
        const [stage = 0, remaining = 0, resetMs = 0, a = 0, b = 0] = await commands.bezAdmit(
          rate.key,
          lease.key,
          quota.key,
          reservationsKey(quota.key),
          rate.policy.limit,
          rate.policy.windowSeconds * 1000,
          lease.limit,
          lease.leaseSeconds * 1000,
          leaseId,
          quota.limit,
          ...quota.amounts.flatMap((amount, i) => [amount, reservationIds[i] as string]),
        );
        const allowed = stage > 0;
        const rateDecision: RateDecision = {
          allowed,
          limit: rate.policy.limit,
          remaining,
          resetSeconds: seconds(resetMs),
          retryAfterSeconds: allowed ? 0 : Math.max(1, seconds(a)),
        };
        if (stage === 0) return { outcome: "rate-limited", rate: rateDecision };
        if (stage === 1) {
          return { outcome: "lease-refused", rate: rateDecision, lease: { acquired: false, leaseId: null, holders: a, retryAfterSeconds: Math.max(1, seconds(b)) } };
        }
        if (stage === 2) {
          return { outcome: "quota-refused", rate: rateDecision, quota: { reserved: false, reservationId: null, used: a, limit: quota.limit, resetSeconds: b } };
        }
        return { outcome: "admitted", rate: rateDecision, leaseId, reservationIds };
      }),

    release: (key, leaseId) =>
      guarded(async () => {
        await redis.zrem(key, leaseId);
      }),

    reserve: (key, amount, limit) =>
      guarded(async (): Promise<QuotaDecision> => {
        const id = randomUUID();
        const [reserved = 0, used = 0, resetSeconds = 0] = await commands.bezReserve(key, reservationsKey(key), amount, limit, id);
        return { reserved: reserved === 1, reservationId: reserved === 1 ? id : null, used, limit, resetSeconds };
      }),

    commit: (key, reservationId) =>
      guarded(async () => {
        await redis.hdel(reservationsKey(key), reservationId);
      }),

    refund: (key, reservationId) =>
      guarded(async () => {
        await commands.bezRefund(reservationsKey(key), reservationId);
      }),

    used: (key) => guarded(() => commands.bezUsed(key)),

    forget: (subjectTag) =>
      guarded(async () => {
        // Keys carry the subject as a {hash tag}; braces delimit it, so "{u:abc}" never matches "{u:abcd}".
        const pattern = `bez:*{${subjectTag.replace(/[*?[\]\\]/g, "\\$&")}}*`;
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
          if (keys.length > 0) await redis.unlink(...keys);
          cursor = next;
        } while (cursor !== "0");
      }),
  };
}
