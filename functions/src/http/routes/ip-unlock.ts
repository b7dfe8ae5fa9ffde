/**
 * Recovery from one's own IP lock. Asking for an unlock email needs a signed-in session but is not behind the lock
 * (being outside it is the point); redeeming the emailed link needs no session at all, as the link is the credential.
 */
import { type RequestHandler, Router } from "express";
import { z } from "zod";
import { IpUnlockRequest } from "@bez/contracts";
import { type IpUnlockDeps, redeemUnlockLink, sendUnlockLink } from "../../core/accounts/ip-unlock.ts";
import { contextOf } from "../auth.ts";
import { parseJsonBody, parseQuery } from "../body.ts";
import { type RateLimitDeps, limitPerIp, limitPerUser } from "../rate-limit.ts";
import { requireIdTokenOutsideTokenScopes } from "../scopes.ts";

const NoQuery = z.strictObject({});

export function ipUnlockRoutes(deps: IpUnlockDeps, rateLimit: RateLimitDeps, authenticated: RequestHandler): Router {
  const router = Router();
  router.post("/v1/me/ip-lock/unlock-link", authenticated, requireIdTokenOutsideTokenScopes, limitPerUser(rateLimit, "unlockLinks"), async (req, res) => {
    parseQuery(req, NoQuery);
    await sendUnlockLink(deps, contextOf(res));
    res.status(202).end();
  });
  router.post("/v1/ip-lock/unlock", limitPerIp(rateLimit, "public"), async (req, res) => {
    parseQuery(req, NoQuery);
    const { token } = await parseJsonBody(req, IpUnlockRequest, 1024);
    await redeemUnlockLink(deps, token, String(res.locals.requestId));
    res.status(204).end();
  });
  return router;
}
