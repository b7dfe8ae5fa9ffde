import { z } from "zod";
import { Role } from "./me.ts";

export const auditActions = [
  "account.created",
  "account.updated",
  "account.deletion_requested",
  "account.deleted",
  "account.exported",
  "account.ip_lock_changed",
  "account.restriction_changed",
  "token.created",
  "token.revoked",
  "role.changed",
  "audit.viewed",
  "audit.exported",
  "audit.verified",
  "audit.purged",
  "admin.user_viewed",
  "metrics.viewed",
  "notice.previewed",
  "notice.sent",
  "webhook.rejected",
  "auth.ip_lock_denied",
] as const;
export const AuditAction = z.enum(auditActions);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEvent = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    uid: z.string().nullable(),
    role: z.union([Role, z.literal("system"), z.literal("anonymous")]),
    via: z.enum(["id-token", "pat", "system"]),
  }),
  action: AuditAction,
  target: z.object({ type: z.string(), id: z.string() }),
  outcome: z.enum(["success", "denied", "error"]),
  requestId: z.string(),
  ip: z.string().optional(),
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
