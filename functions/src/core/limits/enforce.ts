/** Turns limiter decisions into domain outcomes: 429 quota-exceeded, or 503 when the limiter cannot decide. */
import { DomainError } from "../errors.ts";
import { type RateDecision, type RateLimiter, RateLimiterUnavailable, type RatePolicy } from "../../ports.ts";

export const unavailableRetryAfterSeconds = 5;

export function limiterUnavailable(): DomainError {
  return new DomainError(
    "rate-limiter-unavailable",
    "Bez cannot check usage limits right now, so it is pausing requests. Try again in a few seconds.",
    undefined,
    { "Retry-After": String(unavailableRetryAfterSeconds) },
  );
}

/** Any limiter failure becomes a fail-closed 503; domain errors pass through. */
export async function failClosed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RateLimiterUnavailable) throw limiterUnavailable();
    throw err;
  }
}

export function rateHeaders(policy: RatePolicy, decision: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    "RateLimit-Policy": `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`,
    RateLimit: `"${policy.name}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
  if (!decision.allowed) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}

/** The 429 for a refused rate decision, carrying its headers. */
export function rateLimited(decision: RateDecision, headers: Record<string, string>): DomainError {
  return new DomainError(
    "quota-exceeded",
    `Too many requests. Try again in ${decision.retryAfterSeconds} second${decision.retryAfterSeconds === 1 ? "" : "s"}.`,
    undefined,
    headers,
  );
}

/** Consumes one unit of `policy` for `key`; returns the headers to send, or throws 429 carrying them. */
export async function enforceRate(limiter: RateLimiter, policy: RatePolicy, key: string): Promise<Record<string, string>> {
  const decision = await failClosed(() => limiter.hit(key, policy));
  const headers = rateHeaders(policy, decision);
  if (!decision.allowed) throw rateLimited(decision, headers);
  return headers;
}
