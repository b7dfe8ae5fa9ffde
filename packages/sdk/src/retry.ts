/**
 * When to try a request again, and how long to wait first. Rate limits (429) and a paused limiter (503) say how
 * long with `Retry-After`, which is honoured as a floor; other transient failures back off exponentially with full
 * jitter, so many clients that failed together do not come back together.
 */
import { BezApiError } from "./errors.ts";

export interface RetryPolicy {
  /** Tries in all, for failures without a Retry-After (network errors, 5xx). */
  maxAttempts: number;
  /** A single Retry-After longer than this is not waited out (a daily quota resets in hours): the error surfaces. */
  maxRetryAfterSeconds: number;
  /** Total time one request may spend waiting between tries. */
  maxTotalWaitMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  maxRetryAfterSeconds: 60,
  maxTotalWaitMs: 5 * 60_000,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
};

/** Statuses worth another try when the request may be repeated. */
const transientStatuses = new Set([500, 502, 503, 504]);

export interface RetryContext {
  /** Tries made so far (1 after the first). */
  attempt: number;
  /** Time already spent waiting for this request. */
  waitedMs: number;
  /** Whether repeating the request cannot do the work twice (GET, DELETE, or a POST with an Idempotency-Key). */
  repeatable: boolean;
}

/** Milliseconds to wait before the next try, or null to give up and surface the error. */
export function retryDelay(error: unknown, ctx: RetryContext, policy: RetryPolicy, random = Math.random): number | null {
  let delay: number | null = null;
  if (error instanceof BezApiError) {
    const retryAfter = error.retryAfterSeconds;
    const waitable = retryAfter !== null && retryAfter <= policy.maxRetryAfterSeconds;
    if (error.status === 429 || error.status === 503) {
      // The server refused before doing any work, so even a non-repeatable request may go again.
      if (retryAfter === null) delay = ctx.attempt < policy.maxAttempts ? backoff(ctx.attempt, policy, random) : null;
      else if (waitable) delay = retryAfter * 1000 + random() * policy.baseDelayMs;
    } else if (error.status === 409 && error.code === "conflict" && ctx.repeatable && waitable) {
      // The first request with this Idempotency-Key is still being served: its answer comes with the next try.
      delay = (retryAfter ?? 1) * 1000;
    } else if (transientStatuses.has(error.status) && ctx.repeatable && ctx.attempt < policy.maxAttempts) {
      delay = Math.max(backoff(ctx.attempt, policy, random), (retryAfter ?? 0) * 1000);
    }
  } else if (ctx.repeatable && ctx.attempt < policy.maxAttempts) {
    delay = backoff(ctx.attempt, policy, random);
  }
  if (delay === null || ctx.waitedMs + delay > policy.maxTotalWaitMs) return null;
  return delay;
}

function backoff(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return policy.baseDelayMs / 2 + random() * ceiling;
}
