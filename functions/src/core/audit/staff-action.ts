/** The audit event of a staff member's action: their uid, role and session, the request, and (staff only) the IP. */
import type { AuditEvent } from "@bez/contracts";
import type { AuditInput, AuditLog } from "../../ports.ts";
import { type StaffContext, actorOf } from "../principal.ts";

export function recordStaffAction(
  audit: AuditLog,
  ctx: StaffContext,
  event: Pick<AuditInput, "action" | "target" | "meta"> & { outcome?: AuditInput["outcome"] },
): Promise<AuditEvent> {
  return audit.record({
    actor: actorOf(ctx),
    action: event.action,
    target: event.target,
    outcome: event.outcome ?? "success",
    requestId: ctx.requestId,
    ip: ctx.ip,
    ...(event.meta ? { meta: event.meta } : {}),
  });
}
