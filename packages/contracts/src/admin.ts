import { z } from "zod";
import { AuditAction, AuditEvent } from "./audit.ts";
import { listOf, opaqueId } from "./lists.ts";
import { AccountStatus, Role } from "./me.ts";

export { isStaffRole, staffRoles, type StaffRole } from "./roles.ts";

const Instant = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time, e.g. 2026-11-23T09:00:00Z" });

/** The time window of audit reads and verification: `from` inclusive, `to` inclusive. */
const TimeRange = {
  from: Instant.optional(),
  to: Instant.optional(),
};

const AuditFilters = {
  action: AuditAction.optional(),
  /** The actor's uid (or, for an erased account, its keyed hash). */
  actor: z.string().trim().min(1).max(128).optional(),
  targetType: z.string().trim().min(1).max(64).regex(/^[a-z-]+$/, "must be a target type such as user or image").optional(),
  targetId: z.string().trim().min(1).max(128).optional(),
  ...TimeRange,
};

const fromBeforeTo = (q: { from?: string | undefined; to?: string | undefined }) =>
  !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to);
const rangeMessage = { message: "from must not be after to", path: ["from"] };

export const AuditQuery = z
  .strictObject({
    ...AuditFilters,
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .refine(fromBeforeTo, rangeMessage);
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = listOf(AuditEvent);
export type AuditPage = z.infer<typeof AuditPage>;

export const AuditExportQuery = z.strictObject(AuditFilters).refine(fromBeforeTo, rangeMessage);
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

export const AuditVerifyQuery = z.strictObject(TimeRange).refine(fromBeforeTo, rangeMessage);
export type AuditVerifyQuery = z.infer<typeof AuditVerifyQuery>;

/**
 * The verdict of `GET /v1/admin/audit/verify`. `firstBrokenAt` names the first event id, or `digest:<n>`, where the
 * stored record stops matching its signed digests; `reason` says what was found there. `pending` counts events newer
 * than the last digest (sealed at the next interval, so not yet covered).
 */
export const AuditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenAt: z.string().nullable(),
  reason: z.string().nullable(),
  digests: z.number().int(),
  pending: z.number().int(),
  verifiedAt: z.string(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;

export const AdminUserQuery = z.strictObject({ email: z.email("must be an email address").max(320) });
export type AdminUserQuery = z.infer<typeof AdminUserQuery>;

export const AdminUser = z.object({
  uid: z.string(),
  email: z.string().nullable(),
  role: Role,
  status: AccountStatus,
  createdAt: z.string(),
  counts: z.object({
    images: z.number().int(),
    generations: z.number().int(),
    tokens: z.number().int(),
    notices: z.number().int(),
  }),
});
export type AdminUser = z.infer<typeof AdminUser>;

export const RoleChangeRequest = z.strictObject({ role: Role });
export type RoleChangeRequest = z.infer<typeof RoleChangeRequest>;

export const RoleChange = z.object({
  uid: z.string(),
  role: Role,
  previousRole: Role,
  /** The user's sessions were revoked: the new role applies from their next sign-in. */
  sessionsRevoked: z.boolean(),
});
export type RoleChange = z.infer<typeof RoleChange>;

export const NoticeKind = z.enum(["incident", "policy"]);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const noticeLimits = { subject: 200, body: 5000, uids: 500 } as const;

/**
 * A Firebase Auth uid as Bez's accounts have them: 1–128 ASCII letters and digits (Auth mints 28 of them). Stricter than
 * Firebase's own limit on purpose: an id from outside (a pasted list) that is anything else is a typo or a probe.
 */
export const uidPattern = /^[A-Za-z0-9]{1,128}$/;
export const Uid = z.string().regex(uidPattern, "not a user id: 1–128 letters and digits");

export const NoticeAudience = z.union([
  z.literal("all"),
  z.strictObject({
    uids: z
      .array(Uid)
      .min(1, "choose at least one recipient")
      .max(noticeLimits.uids, `at most ${noticeLimits.uids} recipients by uid; use "all" for everyone`),
  }),
]);
export type NoticeAudience = z.infer<typeof NoticeAudience>;

export const CreateNoticeRequest = z.strictObject({
  kind: NoticeKind,
  subject: z.string().trim().min(1, "a subject is required").max(noticeLimits.subject),
  body: z.string().trim().min(1, "a message is required").max(noticeLimits.body),
  audience: NoticeAudience,
});
export type CreateNoticeRequest = z.infer<typeof CreateNoticeRequest>;

export const NoticeAccepted = z.object({
  id: z.string(),
  /** Inboxes the notice was delivered to (active and restricted accounts; accounts being deleted are skipped). */
  recipients: z.number().int(),
  emailed: z.number().int(),
});
export type NoticeAccepted = z.infer<typeof NoticeAccepted>;

export const NoticePreviewRequest = z.strictObject({ audience: NoticeAudience });
export type NoticePreviewRequest = z.infer<typeof NoticePreviewRequest>;

export const NoticePreview = z.object({ recipients: z.number().int(), withEmail: z.number().int() });
export type NoticePreview = z.infer<typeof NoticePreview>;

/** A notice in a user's inbox. */
export const Notice = z.object({
  id: z.string(),
  kind: NoticeKind,
  subject: z.string(),
  body: z.string(),
  sentAt: z.string(),
  readAt: z.string().nullable(),
  /** Policy notices stay as a banner until acknowledged. */
  acknowledgedAt: z.string().nullable(),
});
export type Notice = z.infer<typeof Notice>;

export const NoticeList = listOf(Notice).extend({
  unread: z.number().int(),
  /** The oldest policy notice not yet acknowledged: the banner. */
  pendingPolicy: Notice.nullable(),
});
export type NoticeList = z.infer<typeof NoticeList>;

export const NoticeId = opaqueId("Not a notice id", { max: 64 });
