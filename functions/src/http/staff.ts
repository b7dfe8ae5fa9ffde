/**
 * Authorization for /v1/admin: the one table of which staff role may do what, and the middleware that enforces it.
 * A refused call is itself an audit event (outcome "denied"); the IP is recorded only when the caller is staff.
 */
import type { RequestHandler, Response } from "express";
import { type AuditAction, type Role, isStaffRole } from "@bez/contracts";
import { DomainError } from "../core/errors.ts";
import { type StaffContext, actorOf } from "../core/principal.ts";
import type { AuditLog } from "../ports.ts";
import { contextOf } from "./auth.ts";
import { type TrustedProxies, clientIp } from "./client-ip.ts";

export const staffPermissions = {
  readAudit: ["admin", "auditor"],
  readMetrics: ["admin", "auditor"],
  lookUpUsers: ["admin", "support"],
  changeRoles: ["admin"],
  sendNotices: ["admin"],
  clearIpLocks: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type StaffPermission = keyof typeof staffPermissions;

export function staffContextOf(res: Response): StaffContext {
  const ctx = res.locals.staffContext as StaffContext | undefined;
  if (!ctx) throw new Error("staffContextOf used on a route without requireStaff()");
  return ctx;
}

/** Lets the call through when the caller's role claim has `permission`; else records the denial and answers 403. */
export function requireStaff(
  deps: { audit: AuditLog; trustedProxies: TrustedProxies },
  permission: StaffPermission,
  action: AuditAction,
): RequestHandler {
  const allowed: readonly Role[] = staffPermissions[permission];
  return async (req, res, next) => {
    const ctx = contextOf(res);
    const ip = clientIp(req, deps.trustedProxies);
    if (!allowed.includes(ctx.principal.role)) {
      await deps.audit.record({
        actor: actorOf(ctx),
        action,
        target: { type: "endpoint", id: `${req.method} ${req.route ? String((req.route as { path: string }).path) : req.path}` },
        outcome: "denied",
        requestId: ctx.requestId,
        ...(isStaffRole(ctx.principal.role) ? { ip } : {}),
      });
      throw new DomainError("forbidden", "This is for Bez staff with another role.");
    }
    const staff: StaffContext = { ...ctx, ip };
    res.locals.staffContext = staff;
    next();
  };
}
