/** /v1/admin: the audit log, user look-up, roles and IP locks, notices (API.md, Admin). Every call is an audit event. */
import { Router } from "express";
import {
  AdminUserQuery,
  AuditExportQuery,
  AuditQuery,
  AuditVerifyQuery,
  CreateNoticeRequest,
  MetricsQuery,
  NoticePreviewRequest,
  RoleChangeRequest,
  opaqueId,
} from "@bez/contracts";
import { z } from "zod";
import { changeRole, findUserByEmail, type UserAdminDeps } from "../../core/admin/users.ts";
import type { IpLocks } from "../../core/accounts/ip-lock.ts";
import { clearIpLock } from "../../core/accounts/ip-unlock.ts";
import { allAuditEvents, auditCsvHeader, auditCsvRow, csvLine, listAuditEvents } from "../../core/audit/read.ts";
import { verifyAuditLog } from "../../core/audit/verify.ts";
import type { HeadWitness } from "../../core/audit/head-witness.ts";
import { type NoticeDeps, previewNotice, sendNotice } from "../../core/notices/notices.ts";
import { recordStaffAction } from "../../core/audit/staff-action.ts";
import { readMetrics } from "../../core/metrics/hourly-store.ts";
import type { AuditLog } from "../../ports.ts";
import type { TrustedProxies } from "../client-ip.ts";
import { parseJsonBody, parseQuery, validate } from "../body.ts";
import { type RateLimitDeps, limitPerUser } from "../rate-limit.ts";
import { requireStaff, staffContextOf } from "../staff.ts";

export interface AdminRoutesDeps {
  users: UserAdminDeps;
  notices: NoticeDeps;
  audit: AuditLog;
  auditKey: Uint8Array;
  /** The audit head witness outside the document store, and how long an event may wait for its digest. */
  witness: HeadWitness;
  auditSealedWithinMs: number;
  ipLocks: IpLocks;
  rateLimit: RateLimitDeps & { trustedProxies: TrustedProxies };
}

/** Which filters a read used (names only: values can be uids, which the audit meta never holds). */
const filterNames = (q: Record<string, unknown>) =>
  ["action", "actor", "targetType", "targetId", "from", "to"].filter((k) => q[k] !== undefined).join(",") || "none";

// Looser than the notices' Uid (letters and digits): an unknown but harmless id here is a 404, as before.
const Uid = opaqueId("must be a user id");

export function adminRoutes(deps: AdminRoutesDeps): Router {
  const router = Router();
  const { store, clock } = deps.users;
  const guard = (permission: Parameters<typeof requireStaff>[1], action: Parameters<typeof requireStaff>[2]) =>
    requireStaff({ audit: deps.audit, trustedProxies: deps.rateLimit.trustedProxies }, permission, action);
  router.use("/v1/admin", limitPerUser(deps.rateLimit, "admin"));

  router.get("/v1/admin/audit", guard("readAudit", "audit.viewed"), async (req, res) => {
    const query = parseQuery(req, AuditQuery);
    const page = await listAuditEvents(store, query);
    const ctx = staffContextOf(res);
    await recordStaffAction(deps.audit, ctx, {
      action: "audit.viewed",
      target: { type: "audit", id: "events" },
      meta: { filters: filterNames(query), results: page.items.length, ...(query.action ? { action: query.action } : {}) },
    });
    res.setHeader("Cache-Control", "no-store").json(page);
  });

  router.get("/v1/admin/audit/verify", guard("readAudit", "audit.verified"), async (req, res) => {
    const range = parseQuery(req, AuditVerifyQuery);
    const verdict = await verifyAuditLog(
      { store, clock, auditKey: deps.auditKey, witness: deps.witness, sealedWithinMs: deps.auditSealedWithinMs },
      { ...(range.from ? { from: new Date(range.from) } : {}), ...(range.to ? { to: new Date(range.to) } : {}) },
    );
    const ctx = staffContextOf(res);
    await recordStaffAction(deps.audit, ctx, {
      action: "audit.verified",
      target: { type: "audit", id: "digests" },
      meta: { ok: verdict.ok, checked: verdict.checked, digests: verdict.digests, firstBrokenAt: verdict.firstBrokenAt },
    });
    res.setHeader("Cache-Control", "no-store").json(verdict);
  });

  router.get("/v1/admin/audit/export", guard("readAudit", "audit.exported"), async (req, res) => {
    const filters = parseQuery(req, AuditExportQuery);
    const ctx = staffContextOf(res);
    // Recorded before the first byte: a download cut short was still a read.
    await recordStaffAction(deps.audit, ctx, {
      action: "audit.exported",
      target: { type: "audit", id: "events" },
      meta: { filters: filterNames(filters), ...(filters.action ? { action: filters.action } : {}) },
    });
    const stamp = clock.now().toISOString().replace(/[-:]/g, "").slice(0, 15);
    res.status(200);
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", `attachment; filename="bez-audit-${stamp}Z.csv"`);
    res.setHeader("Cache-Control", "no-store");
    res.write(csvLine(auditCsvHeader));
    for await (const event of allAuditEvents(store, filters)) {
      if (!res.write(auditCsvRow(event))) await new Promise((resolve) => res.once("drain", resolve));
      if (res.destroyed) return;
    }
    res.end();
  });

  router.get("/v1/admin/metrics", guard("readMetrics", "metrics.viewed"), async (req, res) => {
    const query = parseQuery(req, MetricsQuery);
    const metrics = await readMetrics(store, clock.now(), query);
    await recordStaffAction(deps.audit, staffContextOf(res), {
      action: "metrics.viewed",
      target: { type: "metrics", id: query.bucket },
      meta: { buckets: metrics.buckets.length },
    });
    res.setHeader("Cache-Control", "no-store").json(metrics);
  });

  router.get("/v1/admin/users", guard("lookUpUsers", "admin.user_viewed"), async (req, res) => {
    const { email } = parseQuery(req, AdminUserQuery);
    res.setHeader("Cache-Control", "no-store").json(await findUserByEmail(deps.users, staffContextOf(res), email));
  });

  router.put("/v1/admin/users/:uid/role", guard("changeRoles", "role.changed"), async (req, res) => {
    const uid = validate(Uid, req.params.uid);
    const { role } = await parseJsonBody(req, RoleChangeRequest, 1024);
    res.json(await changeRole(deps.users, staffContextOf(res), uid, role));
  });

  router.post("/v1/admin/users/:uid/ip-lock/clear", guard("clearIpLocks", "account.ip_lock_changed"), async (req, res) => {
    parseQuery(req, z.strictObject({}));
    const uid = validate(Uid, req.params.uid);
    await clearIpLock({ store, clock, audit: deps.audit, ipLocks: deps.ipLocks }, staffContextOf(res), uid);
    res.status(204).end();
  });

  router.post("/v1/admin/notices/preview", guard("sendNotices", "notice.previewed"), async (req, res) => {
    const { audience } = await parseJsonBody(req, NoticePreviewRequest, 64 * 1024);
    const preview = await previewNotice(deps.notices, audience);
    const ctx = staffContextOf(res);
    await recordStaffAction(deps.audit, ctx, {
      action: "notice.previewed",
      target: { type: "notice", id: "draft" },
      meta: { audience: audience === "all" ? "all" : "selected", recipients: preview.recipients },
    });
    res.json(preview);
  });

  router.post("/v1/admin/notices", guard("sendNotices", "notice.sent"), async (req, res) => {
    const request = await parseJsonBody(req, CreateNoticeRequest, 64 * 1024);
    res.status(202).json(await sendNotice(deps.notices, staffContextOf(res), request));
  });

  return router;
}
