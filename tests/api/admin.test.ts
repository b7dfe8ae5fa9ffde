/**
 * The admin API against the real app, Auth emulator and Redis: who may call what (every endpoint × every role),
 * that every admin call — allowed or refused — is an audit event, audit filters and CSV, user look-up, role changes
 * (claims, revoked sessions, BEZ_BOOTSTRAP_ADMINS, `npm run grant-role`) and notices with their .eml outbox.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminUser, type AuditEvent, AuditPage, AuditVerification, NoticeAccepted, NoticeList, NoticePreview, RoleChange } from "@bez/contracts";
import { startTestApi, testEnv, type TestApi } from "../helpers/api-server.ts";
import { createUser, signIn } from "../helpers/auth-emulator-client.ts";
import { expectProblem } from "../helpers/problems.ts";
import { type TestUser, call, testEmail, userWithRole, verifyEmail } from "../helpers/staff.ts";

const run = promisify(execFile);

/**
 * Firebase revokes tokens issued before the revocation's second (iat < validSince, both in whole seconds): a token
 * minted in the same second survives. Tests that revoke a session they just created wait for the next second.
 */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() % 1000)));
const repoRoot = join(import.meta.dirname, "../..");

let api: TestApi;
const staff = {} as Record<"user" | "support" | "auditor" | "admin", TestUser>;
let subject: TestUser;

beforeAll(async () => {
  api = await startTestApi();
  for (const role of ["user", "support", "auditor", "admin"] as const) staff[role] = await userWithRole(api, role);
  subject = await userWithRole(api, "user", "subject");
});
afterAll(async () => {
  await api?.stop();
});

async function auditEvents(filter: (e: AuditEvent) => boolean): Promise<AuditEvent[]> {
  const response = await call(api, "/v1/admin/audit?limit=100", { token: staff.admin.idToken });
  return AuditPage.parse(await response.json()).items.filter(filter);
}

type Caller = "anonymous" | keyof typeof staff;
const callers: Caller[] = ["anonymous", "user", "support", "auditor", "admin"];

interface Endpoint {
  name: string;
  request: () => { path: string; init: RequestInit & { json?: unknown } };
  allowed: readonly Caller[];
  okStatus: number;
}

const endpoints: Endpoint[] = [
  { name: "GET audit", request: () => ({ path: "/v1/admin/audit", init: {} }), allowed: ["auditor", "admin"], okStatus: 200 },
  { name: "GET audit/verify", request: () => ({ path: "/v1/admin/audit/verify", init: {} }), allowed: ["auditor", "admin"], okStatus: 200 },
  { name: "GET audit/export", request: () => ({ path: "/v1/admin/audit/export?action=audit.viewed", init: {} }), allowed: ["auditor", "admin"], okStatus: 200 },
  {
    name: "GET users",
    request: () => ({ path: `/v1/admin/users?email=${encodeURIComponent(subject.email)}`, init: {} }),
    allowed: ["support", "admin"],
    okStatus: 200,
  },
  {
    name: "PUT users/{uid}/role",
    request: () => ({ path: `/v1/admin/users/${subject.localId}/role`, init: { method: "PUT", json: { role: "user" } } }),
    allowed: ["admin"],
    okStatus: 200,
  },
  {
    name: "POST users/{uid}/ip-lock/clear",
    request: () => ({ path: `/v1/admin/users/${subject.localId}/ip-lock/clear`, init: { method: "POST" } }),
    allowed: ["admin"],
    okStatus: 204,
  },
  {
    name: "POST notices/preview",
    request: () => ({ path: "/v1/admin/notices/preview", init: { method: "POST", json: { audience: { uids: [subject.localId] } } } }),
    allowed: ["admin"],
    okStatus: 200,
  },
  {
    name: "POST notices",
    request: () => ({
      path: "/v1/admin/notices",
      init: { method: "POST", json: { kind: "incident", subject: "Matrix check", body: "Nothing happened.", audience: { uids: [subject.localId] } } },
    }),
    allowed: ["admin"],
    okStatus: 202,
  },
];

describe("who may call each admin endpoint", () => {
  for (const endpoint of endpoints) {
    for (const caller of callers) {
      const expected = caller === "anonymous" ? 401 : endpoint.allowed.includes(caller) ? endpoint.okStatus : 403;
      it(`${endpoint.name} as ${caller} → ${expected}`, async () => {
        const { path, init } = endpoint.request();
        const token = caller === "anonymous" ? undefined : staff[caller].idToken;
        const response = await call(api, path, { ...init, ...(token ? { token } : {}) });
        if (expected === 401) await expectProblem(response, 401, "unauthenticated");
        else if (expected === 403) await expectProblem(response, 403, "forbidden");
        else {
          expect(response.status).toBe(expected);
          await response.arrayBuffer();
        }
      });
    }
  }

  it("records every refused call with its outcome, and the IP only for staff", async () => {
    const denied = await auditEvents((e) => e.outcome === "denied" && e.target.type === "endpoint");
    const byUser = denied.filter((e) => e.actor.uid === staff.user.localId);
    const bySupport = denied.filter((e) => e.actor.uid === staff.support.localId);
    expect(byUser.length).toBe(endpoints.length);
    expect(byUser.every((e) => e.ip === undefined && e.actor.role === "user")).toBe(true);
    expect(bySupport.length).toBe(endpoints.filter((e) => !e.allowed.includes("support")).length);
    expect(bySupport.every((e) => e.ip === "127.0.0.1" && e.actor.role === "support")).toBe(true);
  });

  it("refuses personal access tokens with id-token-required", async () => {
    const created = await call(api, "/v1/me/tokens", { method: "POST", token: staff.admin.idToken, json: { name: "cli", expiresInDays: 1 } });
    const { token } = (await created.json()) as { token: string };
    await expectProblem(await call(api, "/v1/admin/audit", { token }), 403, "id-token-required");
  });
});

describe("the audit log", () => {
  it("records each read of itself, with the staff member's IP", async () => {
    const before = new Date().toISOString();
    for (const path of ["/v1/admin/audit?limit=1", "/v1/admin/audit/verify", "/v1/admin/audit/export"]) {
      const response = await call(api, path, { token: staff.auditor.idToken });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const lookup = await call(api, `/v1/admin/users?email=${encodeURIComponent(subject.email)}`, { token: staff.support.idToken });
    expect(lookup.status).toBe(200);
    const response = await call(api, `/v1/admin/audit?from=${encodeURIComponent(before)}&limit=100`, { token: staff.admin.idToken });
    const events = AuditPage.parse(await response.json()).items;
    for (const action of ["audit.viewed", "audit.verified", "audit.exported"] as const) {
      const event = events.find((e) => e.action === action && e.actor.uid === staff.auditor.localId);
      expect(event, action).toMatchObject({ outcome: "success", ip: "127.0.0.1", actor: { role: "auditor", via: "id-token" } });
    }
    expect(events.find((e) => e.action === "admin.user_viewed" && e.actor.uid === staff.support.localId)).toMatchObject({
      target: { type: "user", id: subject.localId },
      ip: "127.0.0.1",
    });
  });

  it("filters by action, actor, target and time, newest first, page by page", async () => {
    const byAction = AuditPage.parse(await (await call(api, "/v1/admin/audit?action=account.created&limit=2", { token: staff.admin.idToken })).json());
    expect(byAction.items).toHaveLength(2);
    expect(byAction.items.every((e) => e.action === "account.created")).toBe(true);
    expect(byAction.nextCursor).not.toBeNull();
    const next = AuditPage.parse(
      await (await call(api, `/v1/admin/audit?action=account.created&limit=2&cursor=${encodeURIComponent(byAction.nextCursor ?? "")}`, { token: staff.admin.idToken })).json(),
    );
    expect(next.items.every((e) => e.action === "account.created")).toBe(true);
    expect(next.items.map((e) => e.id)).not.toContain(byAction.items[0]?.id);
    const times = [...byAction.items, ...next.items].map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());

    const byTarget = AuditPage.parse(
      await (await call(api, `/v1/admin/audit?targetType=user&targetId=${subject.localId}&actor=${subject.localId}`, { token: staff.admin.idToken })).json(),
    );
    expect(byTarget.items.map((e) => e.action)).toEqual(["account.created"]);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const empty = AuditPage.parse(await (await call(api, `/v1/admin/audit?from=${encodeURIComponent(future)}`, { token: staff.admin.idToken })).json());
    expect(empty).toEqual({ items: [], nextCursor: null });
  });

  it("rejects bad filters with a clear 400", async () => {
    for (const query of ["action=account.hacked", "from=yesterday", "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "limit=500", "colour=red"]) {
      await expectProblem(await call(api, `/v1/admin/audit?${query}`, { token: staff.admin.idToken }), 400, "invalid-request");
    }
  });

  it("exports the filtered events as streamed CSV that spreadsheets cannot run", async () => {
    const response = await call(api, "/v1/admin/audit/export?action=account.created", { token: staff.auditor.idToken });
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="bez-audit-\d{8}T\d{6}Z\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,at,actor_uid,actor_role,actor_via,action,target_type,target_id,outcome,request_id,ip,meta");
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(lines.slice(1).every((line) => line.split(",")[5] === "account.created")).toBe(true);
  });

  it("verifies as intact on an untouched log", async () => {
    await api.composition.sealAudit({ settleMs: 0 });
    const verdict = AuditVerification.parse(await (await call(api, "/v1/admin/audit/verify", { token: staff.admin.idToken })).json());
    expect(verdict).toMatchObject({ ok: true, firstBrokenAt: null, reason: null });
    expect(verdict.checked).toBeGreaterThan(20);
    expect(verdict.digests).toBeGreaterThanOrEqual(1);
  });
});

describe("users and roles", () => {
  it("looks a user up by email with counts and nothing private", async () => {
    const response = await call(api, `/v1/admin/users?email=${encodeURIComponent(subject.email.toUpperCase())}`, { token: staff.support.idToken });
    const user = AdminUser.parse(await response.json());
    expect(user).toMatchObject({ uid: subject.localId, email: subject.email, role: "user", status: "active" });
    expect(user.counts).toEqual({ images: 0, generations: 0, tokens: 0, notices: expect.any(Number) as number });
    await expectProblem(await call(api, `/v1/admin/users?email=${encodeURIComponent(testEmail("nobody"))}`, { token: staff.support.idToken }), 404, "not-found");
    await expectProblem(await call(api, "/v1/admin/users?email=not-an-email", { token: staff.support.idToken }), 400, "invalid-request");
  });

  it("changes a role at once: old sessions are revoked, the next token carries it, and it is audited", async () => {
    const target = await userWithRole(api, "user", "promoted");
    await nextSecond();
    const response = await call(api, `/v1/admin/users/${target.localId}/role`, { method: "PUT", token: staff.admin.idToken, json: { role: "auditor" } });
    expect(RoleChange.parse(await response.json())).toEqual({ uid: target.localId, role: "auditor", previousRole: "user", sessionsRevoked: true });
    await expectProblem(await call(api, "/v1/me", { token: target.idToken }), 401, "unauthenticated");
    const fresh = await signIn(target.email, target.password);
    expect(((await (await call(api, "/v1/me", { token: fresh.idToken })).json()) as { role: string }).role).toBe("auditor");
    expect((await call(api, "/v1/admin/audit?limit=1", { token: fresh.idToken })).status).toBe(200);
    const [event] = await auditEvents((e) => e.action === "role.changed" && e.target.id === target.localId);
    expect(event).toMatchObject({ outcome: "success", actor: { uid: staff.admin.localId, role: "admin" }, ip: "127.0.0.1", meta: { from: "user", to: "auditor" } });
  });

  it("refuses an admin's change of their own role, and bad input", async () => {
    await expectProblem(
      await call(api, `/v1/admin/users/${staff.admin.localId}/role`, { method: "PUT", token: staff.admin.idToken, json: { role: "user" } }),
      409,
      "conflict",
    );
    await expectProblem(await call(api, `/v1/admin/users/${subject.localId}/role`, { method: "PUT", token: staff.admin.idToken, json: { role: "owner" } }), 400, "invalid-request");
    await expectProblem(await call(api, "/v1/admin/users/nobody-here/role", { method: "PUT", token: staff.admin.idToken, json: { role: "support" } }), 404, "not-found");
  });

  it("makes BEZ_BOOTSTRAP_ADMINS admin at first sign-in, only with a verified email", async () => {
    const verified = testEmail("owner");
    const unverified = testEmail("squatter");
    const bootstrapped = await startTestApi({ BEZ_BOOTSTRAP_ADMINS: `${verified.toUpperCase()},${unverified}` });
    try {
      const owner = await createUser(verified, "correct horse battery");
      await verifyEmail(owner.localId);
      const ownerSession = await signIn(verified, "correct horse battery");
      expect((await call(bootstrapped, "/v1/me", { token: ownerSession.idToken })).status).toBe(200);
      const refreshed = await signIn(verified, "correct horse battery");
      expect(((await (await call(bootstrapped, "/v1/me", { token: refreshed.idToken })).json()) as { role: string }).role).toBe("admin");
      expect((await call(bootstrapped, "/v1/admin/audit", { token: refreshed.idToken })).status).toBe(200);

      const squatter = await createUser(unverified, "correct horse battery");
      expect((await call(bootstrapped, "/v1/me", { token: squatter.idToken })).status).toBe(200);
      const again = await signIn(unverified, "correct horse battery");
      expect(((await (await call(bootstrapped, "/v1/me", { token: again.idToken })).json()) as { role: string }).role).toBe("user");
    } finally {
      await bootstrapped.stop();
    }
  });

  it("makes a BEZ_BOOTSTRAP_ADMINS email admin on its first request after confirming it, once", async () => {
    const address = testEmail("late-owner");
    const bootstrapped = await startTestApi({ BEZ_BOOTSTRAP_ADMINS: address });
    try {
      const early = await createUser(address, "correct horse battery");
      expect(((await (await call(bootstrapped, "/v1/me", { token: early.idToken })).json()) as { role: string }).role).toBe("user");
      await verifyEmail(early.localId);
      const confirmed = await signIn(address, "correct horse battery");
      expect((await call(bootstrapped, "/v1/me", { token: confirmed.idToken })).status).toBe(200);
      const refreshed = await signIn(address, "correct horse battery");
      expect(((await (await call(bootstrapped, "/v1/me", { token: refreshed.idToken })).json()) as { role: string }).role).toBe("admin");
      expect((await call(bootstrapped, "/v1/admin/audit", { token: refreshed.idToken })).status).toBe(200);
      const changes = await bootstrapped.composition.deps.store.query({
        collection: "audit",
        where: [
          { field: "target.id", op: "==", value: early.localId },
          { field: "action", op: "==", value: "role.changed" },
        ],
        limit: 10,
      });
      expect(changes.docs.map((d) => d.data.meta)).toEqual([{ from: "user", to: "admin", source: "bootstrap" }]);
    } finally {
      await bootstrapped.stop();
    }
  });

  it("`npm run grant-role` sets the claim; the API mirrors and audits it when the new token arrives", async () => {
    const target = await userWithRole(api, "user", "granted");
    await nextSecond();
    const { authHost, projectId } = testEnv();
    const env = { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: authHost, BEZ_PROJECT_ID: projectId };
    const { stdout } = await run(process.execPath, ["--import", "tsx", "local/src/grant-role.ts", target.email, "support"], { cwd: repoRoot, env });
    expect(stdout).toContain('is now "support"');
    await expectProblem(await call(api, "/v1/me", { token: target.idToken }), 401, "unauthenticated");
    const fresh = await signIn(target.email, target.password);
    expect(((await (await call(api, "/v1/me", { token: fresh.idToken })).json()) as { role: string }).role).toBe("support");
    const [event] = await auditEvents((e) => e.action === "role.changed" && e.target.id === target.localId);
    expect(event).toMatchObject({ actor: { uid: null, role: "system", via: "system" }, meta: { from: "user", to: "support", source: "token-claim" } });

    const usage = await run(process.execPath, ["--import", "tsx", "local/src/grant-role.ts", target.email, "owner"], { cwd: repoRoot, env }).catch((e: { code: number; stderr: string }) => e);
    expect(usage).toMatchObject({ code: 2, stderr: expect.stringContaining("the role must be admin, auditor, support or user") as string });
    const missing = await run(process.execPath, ["--import", "tsx", "local/src/grant-role.ts", testEmail("ghost"), "admin"], { cwd: repoRoot, env }).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining("no account with that email") as string });
  });
});

describe("notices", () => {
  it("previews recipients and delivers to inboxes and the local mail outbox", async () => {
    const reader = await userWithRole(api, "user", "reader");
    const audience = { uids: [reader.localId, "nosuchuser"] };
    const preview = NoticePreview.parse(await (await call(api, "/v1/admin/notices/preview", { method: "POST", token: staff.admin.idToken, json: { audience } })).json());
    expect(preview).toEqual({ recipients: 1, withEmail: 1 });
    const sent = await call(api, "/v1/admin/notices", {
      method: "POST",
      token: staff.admin.idToken,
      json: { kind: "policy", subject: "Privacy policy v3", body: "We now keep audit records for 400 days.", audience },
    });
    expect(sent.status).toBe(202);
    const accepted = NoticeAccepted.parse(await sent.json());
    expect(accepted).toMatchObject({ recipients: 1, emailed: 1 });

    const inbox = NoticeList.parse(await (await call(api, "/v1/me/notices", { token: reader.idToken })).json());
    expect(inbox.unread).toBe(1);
    expect(inbox.pendingPolicy).toMatchObject({ id: accepted.id, subject: "Privacy policy v3", readAt: null, acknowledgedAt: null });
    const mailDirs = await readdir(join(api.dataDir, "mail"));
    const files = (await Promise.all(mailDirs.map(async (d) => (await readdir(join(api.dataDir, "mail", d))).map((f) => join(api.dataDir, "mail", d, f))))).flat();
    const mails = await Promise.all(files.map((f) => readFile(f, "utf8")));
    const mail = mails.find((m) => m.includes("Privacy policy v3"));
    expect(mail).toContain(`To: ${reader.email}`);
    expect(mail).toContain("We now keep audit records for 400 days.");

    const acknowledged = await call(api, `/v1/me/notices/${accepted.id}/acknowledge`, { method: "POST", token: reader.idToken });
    expect(acknowledged.status).toBe(200);
    const after = NoticeList.parse(await (await call(api, "/v1/me/notices", { token: reader.idToken })).json());
    expect(after).toMatchObject({ unread: 0, pendingPolicy: null });
    expect(after.items[0]?.acknowledgedAt).not.toBeNull();

    await expectProblem(await call(api, `/v1/me/notices/${accepted.id}/read`, { method: "POST", token: staff.user.idToken }), 404, "not-found");
    const [event] = await auditEvents((e) => e.action === "notice.sent" && e.target.id === accepted.id);
    expect(event).toMatchObject({ actor: { uid: staff.admin.localId }, ip: "127.0.0.1", meta: { kind: "policy", audience: "selected", recipients: 1, emailed: 1 } });
    expect(JSON.stringify(event)).not.toContain(reader.email);
    const [previewed] = await auditEvents((e) => e.action === "notice.previewed" && e.actor.uid === staff.admin.localId);
    expect(previewed).toMatchObject({ outcome: "success", ip: "127.0.0.1", meta: { audience: "selected", recipients: 1 } });
  });

  it("sends to everyone, and only policy notices are acknowledged", async () => {
    const sent = NoticeAccepted.parse(
      await (
        await call(api, "/v1/admin/notices", { method: "POST", token: staff.admin.idToken, json: { kind: "incident", subject: "Scheduled maintenance", body: "Tonight.", audience: "all" } })
      ).json(),
    );
    const preview = NoticePreview.parse(await (await call(api, "/v1/admin/notices/preview", { method: "POST", token: staff.admin.idToken, json: { audience: "all" } })).json());
    expect(sent.recipients).toBe(preview.recipients);
    expect(sent.recipients).toBeGreaterThanOrEqual(5);
    await expectProblem(await call(api, `/v1/me/notices/${sent.id}/acknowledge`, { method: "POST", token: staff.user.idToken }), 409, "conflict");
    const read = await call(api, `/v1/me/notices/${sent.id}/read`, { method: "POST", token: staff.user.idToken });
    expect(((await read.json()) as { readAt: string | null }).readAt).not.toBeNull();
  });

  it("rejects bad notices with field errors", async () => {
    for (const json of [
      { kind: "rumour", subject: "x", body: "y", audience: "all" },
      { kind: "incident", subject: "", body: "y", audience: "all" },
      { kind: "incident", subject: "x", body: "y", audience: { uids: [] } },
      { kind: "incident", subject: "x", body: "y", audience: "all", urgent: true },
      // Not well-formed uids: a path, an email, whitespace, a Firestore path separator, 129 characters.
      { kind: "incident", subject: "x", body: "y", audience: { uids: ["../users"] } },
      { kind: "incident", subject: "x", body: "y", audience: { uids: ["someone@example.test"] } },
      { kind: "incident", subject: "x", body: "y", audience: { uids: [" abc "] } },
      { kind: "incident", subject: "x", body: "y", audience: { uids: ["abc/notices"] } },
      { kind: "incident", subject: "x", body: "y", audience: { uids: ["a".repeat(129)] } },
    ]) {
      const problem = await expectProblem(await call(api, "/v1/admin/notices", { method: "POST", token: staff.admin.idToken, json }), 400, "invalid-request");
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
  });
});

describe("what the audit log never holds", () => {
  it("has no email, token or prompt in any event, across every flow above", async () => {
    const all: AuditEvent[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const page = AuditPage.parse(await (await call(api, `/v1/admin/audit?limit=100${query}`, { token: staff.admin.idToken })).json());
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.length).toBeGreaterThan(50);
    const text = JSON.stringify(all);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.test/);
    expect(text).not.toContain("bez_pat_");
    expect(text).not.toContain("We now keep audit records");
    expect(all.filter((e) => e.ip !== undefined).every((e) => e.actor.role !== "user" || e.action === "auth.ip_lock_denied")).toBe(true);
  });
});

