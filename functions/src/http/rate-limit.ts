/** Rate-limit middleware: one policy per use, keyed on the user (after authenticate) or on a salted IP hash. */
import type { RequestHandler, Response } from "express";
import { enforceRate, failClosed } from "../core/limits/enforce.ts";
import { ipSubject } from "../core/limits/ip-subject.ts";
import { type LimitPolicies, type RatePolicyName, limiterKeys, userSubject } from "../core/limits/policies.ts";
import type { Principal } from "../core/principal.ts";
import type { DailySalt, RateLimiter } from "../ports.ts";
import { type TrustedProxies, clientIp } from "./client-ip.ts";

export interface RateLimitDeps {
  limiter: RateLimiter;
  policies: LimitPolicies;
  trustedProxies: TrustedProxies;
  dailySalt: DailySalt;
}

function applyHeaders(res: Response, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
}

/** Limits per signed-in user; mount after authenticate(). */
export function limitPerUser(deps: RateLimitDeps, policy: RatePolicyName): RequestHandler {
  return async (_req, res, next) => {
    const principal = res.locals.principal as Principal;
    applyHeaders(res, await enforceRate(deps.limiter, deps.policies[policy], limiterKeys.rate(policy, userSubject(principal.uid))));
    next();
  };
}

/** Limits per client network, for unauthenticated routes. */
export function limitPerIp(deps: RateLimitDeps, policy: RatePolicyName): RequestHandler {
  return async (req, res, next) => {
    const salt = await failClosed(() => deps.dailySalt.current());
    const subject = ipSubject(clientIp(req, deps.trustedProxies), salt);
    applyHeaders(res, await enforceRate(deps.limiter, deps.policies[policy], limiterKeys.rate(policy, subject)));
    next();
  };
}
