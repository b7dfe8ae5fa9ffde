/** Rate-limit middleware: one policy per use, keyed on the user (after authenticate) or on a salted IP hash. */
import { createHash } from "node:crypto";
import type { Request, RequestHandler, Response } from "express";
import { DomainError } from "../core/errors.ts";
import { enforceRate, failClosed } from "../core/limits/enforce.ts";
import { ipSubject } from "../core/limits/ip-subject.ts";
import { type LimitPolicies, type RatePolicyName, limiterKeys, userSubject } from "../core/limits/policies.ts";
import type { Principal } from "../core/principal.ts";
import { type DailySalt, IdentityError, type RateLimiter } from "../ports.ts";
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

/** Consumes one unit of `policy` for the request's client network (salted hash of its IP); 429 past the limit. */
async function hitPerIp(deps: RateLimitDeps, policy: RatePolicyName, req: Request, res: Response): Promise<void> {
  const salt = await failClosed(() => deps.dailySalt.current());
  const subject = ipSubject(clientIp(req, deps.trustedProxies), salt);
  applyHeaders(res, await enforceRate(deps.limiter, deps.policies[policy], limiterKeys.rate(policy, subject)));
}

/** Limits per client network, for unauthenticated routes. */
export function limitPerIp(deps: RateLimitDeps, policy: RatePolicyName): RequestHandler {
  return async (req, res, next) => {
    await hitPerIp(deps, policy, req, res);
    next();
  };
}

/**
 * Wraps the authentication middleware so that every request whose credentials fail counts against its client network
 * (`authFailures`): presenting an Authorization header never exempts a request from a per-network limit unless the
 * header is good. Past the limit the answer is 429 instead of 401.
 */
export function limitFailedAuthentication(deps: RateLimitDeps, authenticate: RequestHandler): RequestHandler {
  return async (req, res, next) => {
    try {
      await authenticate(req, res, next);
    } catch (err) {
      if (req.headers.authorization && credentialsFailed(err)) await hitPerIp(deps, "authFailures", req, res);
      throw err;
    }
  };
}

/** A refusal of the credentials themselves (not an outage of what checks them). */
function credentialsFailed(err: unknown): boolean {
  if (err instanceof IdentityError) return err.code !== "unavailable";
  return err instanceof DomainError && err.code === "unauthenticated";
}

/**
 * Counts one on-the-fly conversion of image content against its owner and, for a signed link, against that link
 * (keyed by a hash of its signature, which is a credential). Sets the rate headers (the owner's, which is what the
 * caller can act on, when both pass); throws 429 past either limit.
 */
export async function limitTranscode(deps: RateLimitDeps, res: Response, owner: string, linkSignature: string | null): Promise<void> {
  // The link first: a link past its limit must not spend its owner's budget on refused attempts.
  if (linkSignature !== null) {
    const link = `l:${createHash("sha256").update(linkSignature).digest("base64url")}`;
    applyHeaders(res, await enforceRate(deps.limiter, deps.policies.linkTranscodes, limiterKeys.rate("linkTranscodes", link)));
  }
  applyHeaders(res, await enforceRate(deps.limiter, deps.policies.transcodes, limiterKeys.rate("transcodes", userSubject(owner))));
}
