/** Bearer authentication: Firebase ID tokens (verified with revocation checks) or personal access tokens. */
import type { RequestHandler, Response } from "express";
import { Role } from "@bez/contracts";
import { DomainError } from "../core/errors.ts";
import type { Principal, RequestContext } from "../core/principal.ts";
import type { Identity } from "../ports.ts";

const bearer = /^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/;
/** Built once: a zod schema costs far more to build than to run, and this runs on every signed-in request. */
const roleClaim = Role.catch("user");

export interface Authenticator {
  identity: Identity;
  /** Resolves a personal access token (`bez_pat_…`) to its owner; throws 401 when it is not valid. */
  verifyAccessToken(token: string): Promise<Principal>;
}

export function authenticate(auth: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization;
    if (!header) throw unauthenticated("Sign in to continue: send an Authorization: Bearer token.");
    const token = bearer.exec(header)?.[1];
    if (!token) throw unauthenticated("The Authorization header must be 'Bearer <token>'.");
    if (token.startsWith("bez_pat_")) {
      res.locals.principal = await auth.verifyAccessToken(token);
      next();
      return;
    }
    const verified = await auth.identity.verifyIdToken(token);
    const principal: Principal = {
      uid: verified.uid,
      email: verified.email,
      role: roleClaim.parse(verified.role ?? "user"),
      via: "id-token",
      emailVerified: verified.emailVerified,
      issuedAt: verified.issuedAt,
      authTime: verified.authTime,
    };
    res.locals.principal = principal;
    next();
  };
}

function unauthenticated(detail: string): DomainError {
  return new DomainError("unauthenticated", detail, undefined, { "WWW-Authenticate": 'Bearer realm="bez"' });
}

/** The request context for use cases; only valid after `authenticate`. */
export function contextOf(res: Response): RequestContext {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error("contextOf used on a route without authenticate()");
  return { requestId: String(res.locals.requestId), principal };
}
