/** The IP-lock check as middleware: after authenticate(), or after a signed image link has named its owner. */
import type { RequestHandler } from "express";
import type { IpLockGuard } from "../core/accounts/ip-lock.ts";
import type { RequestContext } from "../core/principal.ts";
import { contextOf } from "./auth.ts";
import { type TrustedProxies, clientIp } from "./client-ip.ts";

export function enforceIpLock(guard: IpLockGuard, trustedProxies: TrustedProxies): RequestHandler {
  return async (req, res, next) => {
    const ip = clientIp(req, trustedProxies);
    const linkOwner = res.locals.linkOwner as string | undefined;
    if (linkOwner !== undefined) {
      await guard.check({ kind: "signed-link", uid: linkOwner, requestId: String(res.locals.requestId) }, ip);
    } else {
      const ctx: RequestContext = contextOf(res);
      await guard.check({ kind: "principal", ctx }, ip);
    }
    next();
  };
}
