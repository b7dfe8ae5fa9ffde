/**
 * Erasure (DELETE /v1/me) end to end against the real app, Auth emulator and redis-server: a large account leaves
 * nothing behind in any store (residue scanner, plus every file of the data dir), a uid that prefixes another's
 * touches nothing of the other's, a crash after any step is finished by the sweeper, old ID tokens are refused,
 * stale sign-ins are refused, and the audit trail keeps its events under the keyed hash.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AuditEvent, DeletionAccepted, DeletionReceipt } from "@bez/contracts";
import { loadOrCreateDevAuditKey } from "../../functions/src/adapters/key-ring/dev-secrets.ts";
import { auditPseudonym } from "../../functions/src/core/audit/pseudonym.ts";
import { steps } from "../../functions/src/core/deletion/steps.ts";
import { verifyReceipt, deletionJobPath } from "../../functions/src/core/deletion/records.ts";
import { scanResidue } from "../../functions/src/core/deletion/residue.ts";
import { requestDeletion, runDeletion, sweepDeletions } from "../../functions/src/core/deletion/run.ts";
import { getReceipt } from "../../functions/src/core/deletion/receipt.ts";
import { readImageContent } from "../../functions/src/core/vault/images.ts";
import { ensureProfile } from "../../functions/src/core/accounts/profile.ts";
import { type AuthSession, createUser, testAuthEmulator } from "../helpers/auth-emulator-client.ts";
import { firestoreDocumentsMentioning } from "../helpers/test-store.ts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";
import { contextFor, seedAccount } from "../helpers/accounts.ts";
import { expectProblem, forgeToken } from "../helpers/problems.ts";

let api: TestApi;
let auditKey: Uint8Array;

const email = () => `jeweler-${randomUUID()}@example.test`;

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return fetch(`${api.url}${path}`, { ...init, headers });
}


const deleteMe = (token: string, body: string = JSON.stringify({ confirm: "DELETE" })) =>
  call("/v1/me", { method: "DELETE", token, body, headers: { "content-type": "application/json" } });


/** Every file under the data dir that holds the text (in its bytes or its path). */
async function filesMentioning(dir: string, text: string): Promise<string[]> {
  const hits: string[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (path.includes(text) || (await readFile(path)).includes(Buffer.from(text))) hits.push(path);
    }
  };
  await walk(dir);
  return hits;
}

async function auditEvents(): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.composition.deps.store.query({ collection: "audit", limit: 500, startAfter: cursor });
    for (const doc of page.docs) {
      const data = doc.data as Record<string, unknown> & { at: Date };
      events.push(AuditEvent.parse({ ...data, id: doc.id, at: data.at.toISOString() }));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return events;
}

/** Sets the account's validSince (the Auth emulator's admin API). */
async function backdateAccount(uid: string, validSince: number): Promise<void> {
  const { host, projectId } = testAuthEmulator();
  const response = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/projects/${projectId}/accounts:update`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer owner" },
    body: JSON.stringify({ localId: uid, validSince: String(validSince) }),
  });
  expect(response.status, await response.text()).toBe(200);
}

beforeAll(async () => {
  api = await startTestApi();
  auditKey = await loadOrCreateDevAuditKey(api.dataDir);
});
afterAll(async () => {
  await api?.stop();
});

describe("DELETE /v1/me", () => {
  it("erases an account of 1,000 images and 200 generations with no residue in any store", { timeout: 180_000 }, async () => {
    const address = email();
    const user = await createUser(address, "correct horse battery");
    const uid = user.localId;
    expect((await call("/v1/me", { token: user.idToken })).status).toBe(200);
    const seeded = await seedAccount(api.composition.deps, uid, { images: 1000, generations: 200, email: address });
    const lock = await call("/v1/me/ip-lock", {
      method: "PUT",
      token: user.idToken,
      body: JSON.stringify({ enabled: true, cidrs: ["127.0.0.1", "10.0.0.0/8"] }),
      headers: { "content-type": "application/json" },
    });
    expect(lock.status).toBe(200);
    // Every blob, every prediction, each collection under the user, the profile, key, token, limiter keys, Auth.
    expect((await scanResidue(api.composition.residue, { uid, email: address })).length).toBeGreaterThan(2000 + 200);

    const response = await deleteMe(user.idToken);
    expect(response.status).toBe(202);
    const { deletionId } = DeletionAccepted.parse(await response.json());
    // Answered only after the sessions were revoked and the data key destroyed.
    expect(await api.composition.deps.store.get(`keys/${uid}`)).toBeNull();
    await api.composition.drain();

    expect(await scanResidue(api.composition.residue, { uid, email: address })).toEqual([]);
    expect(await filesMentioning(api.dataDir, uid)).toEqual([]);
    expect(await filesMentioning(api.dataDir, address)).toEqual([]);
    if (api.firestoreDatabase) {
      // Every collection of the emulator's database, walked with firebase-admin itself: no document names the user.
      for (const needle of [uid, address]) {
        expect(await firestoreDocumentsMentioning(api.config.projectId, api.firestoreDatabase, needle)).toEqual([]);
      }
    }

    const receiptResponse = await call(`/v1/deletions/${deletionId}`);
    expect(receiptResponse.status).toBe(200);
    expect(receiptResponse.headers.get("ratelimit-policy")).toContain('"public"');
    const receipt = DeletionReceipt.parse(await receiptResponse.json());
    expect(receipt).toMatchObject({
      deletionId,
      status: "complete",
      removed: { images: 1000, generations: 200, blobs: 2000, tokens: 1 },
    });
    expect(receipt.removed.documents).toBeGreaterThanOrEqual(1000 + 200 + 200 + 1 + 1 + 1);
    expect(verifyReceipt(auditKey, receipt)).toBe(true);
    expect(verifyReceipt(auditKey, { ...receipt, removed: { ...receipt.removed, images: 999 } })).toBe(false);
    expect(JSON.stringify(receipt)).not.toContain(uid);
    expect(JSON.stringify(receipt)).not.toContain(address);
    expect(seeded.images).toHaveLength(1000);
  });

  it("refuses an ID token issued before the deletion, and the account's access tokens", async () => {
    const user = await createUser(email(), "correct horse battery");
    expect((await call("/v1/me", { token: user.idToken })).status).toBe(200);
    const pat = await call("/v1/me/tokens", {
      method: "POST",
      token: user.idToken,
      body: JSON.stringify({ name: "CLI", expiresInDays: 7 }),
      headers: { "content-type": "application/json" },
    });
    const { token } = (await pat.json()) as { token: string };
    expect((await call("/v1/me", { token })).status).toBe(200);
    expect((await deleteMe(user.idToken)).status).toBe(202);
    // From the answer on, before the background steps finish.
    await expectProblem(await call("/v1/me", { token: user.idToken }), 401, "unauthenticated");
    await expectProblem(await call("/v1/me", { token }), 401, "unauthenticated");
    await api.composition.drain();
    await expectProblem(await call("/v1/me", { token: user.idToken }), 401, "unauthenticated");
    expect(await scanResidue(api.composition.residue, { uid: user.localId })).toEqual([]);
  });

  it("needs a sign-in from the last five minutes", async () => {
    const user = await createUser(email(), "correct horse battery");
    const now = Math.floor(Date.now() / 1000);
    // Revocation checks compare auth_time with the account's validSince: date the account back, as if made long ago.
    await backdateAccount(user.localId, now - 3600);
    const stale = forgeToken({
      iss: `https://securetoken.google.com/${api.config.projectId}`,
      aud: api.config.projectId,
      sub: user.localId,
      user_id: user.localId,
      auth_time: now - 6 * 60,
      iat: now,
      exp: now + 3600,
    });
    expect((await call("/v1/me", { token: stale })).status).toBe(200);
    await expectProblem(await deleteMe(stale), 403, "recent-login-required");
    const profile = await api.composition.deps.store.get(`users/${user.localId}`);
    expect(profile?.data.status).toBe("active");
  });

  it.each([
    ["no body", "", "invalid-json"],
    ["wrong word", JSON.stringify({ confirm: "delete" }), "invalid-request"],
    ["extra field", JSON.stringify({ confirm: "DELETE", reason: "x" }), "invalid-request"],
  ])("400s a request that does not confirm (%s)", async (_name, body, code) => {
    const user = await createUser(email(), "correct horse battery");
    await expectProblem(await deleteMe(user.idToken, body), 400, code);
  });

  it("hands the rest of the erasure to exactly one queued job, which completes it", async () => {
    const user = await createUser(email(), "correct horse battery");
    expect((await call("/v1/me", { token: user.idToken })).status).toBe(200);
    const enqueue = vi.spyOn(api.composition.deps.accounts.deletionJobs, "enqueue");
    try {
      const response = await deleteMe(user.idToken);
      expect(response.status).toBe(202);
      const { deletionId } = DeletionAccepted.parse(await response.json());
      // Enqueued before the answer, once, with the deletion id only.
      expect(enqueue.mock.calls).toEqual([[deletionId]]);
      await api.composition.drain();
      expect(DeletionReceipt.parse(await (await call(`/v1/deletions/${deletionId}`)).json()).status).toBe("complete");
      expect(await scanResidue(api.composition.residue, { uid: user.localId })).toEqual([]);
    } finally {
      enqueue.mockRestore();
    }
  });

  it("answers 202 even when the job cannot be queued: the sweeper finishes the erasure", async () => {
    const user = await createUser(email(), "correct horse battery");
    expect((await call("/v1/me", { token: user.idToken })).status).toBe(200);
    const enqueue = vi.spyOn(api.composition.deps.accounts.deletionJobs, "enqueue").mockRejectedValueOnce(new Error("queue unavailable"));
    try {
      const response = await deleteMe(user.idToken);
      expect(response.status).toBe(202);
      const { deletionId } = DeletionAccepted.parse(await response.json());
      expect(enqueue).toHaveBeenCalledTimes(1);
      // The first steps ran before the answer all the same.
      expect(await api.composition.deps.store.get(`keys/${user.localId}`)).toBeNull();
      expect((await getReceipt(api.composition.deps.store, deletionId)).status).toBe("pending");
      expect((await sweepDeletions(api.composition.deps.accounts.deletion)).completed).toBeGreaterThanOrEqual(1);
      expect((await getReceipt(api.composition.deps.store, deletionId)).status).toBe("complete");
    } finally {
      enqueue.mockRestore();
    }
  });

  it("answers 404 for a receipt that does not exist and 400 for a malformed id", async () => {
    await expectProblem(await call(`/v1/deletions/${"0".repeat(26)}`), 404, "not-found");
    await expectProblem(await call("/v1/deletions/x"), 400, "invalid-request");
  });
});

describe("erasure of one user", () => {
  it("deletes nothing of a user whose uid it prefixes", { timeout: 60_000 }, async () => {
    const deps = api.composition.deps;
    const base = `pfx${randomBytes(6).toString("hex")}`;
    const other = `${base}0`;
    await seedAccount(deps, base, { images: 3, generations: 2 });
    const kept = await seedAccount(deps, other, { images: 3, generations: 2 });
    const before = await scanResidue(api.composition.residue, { uid: other });

    const id = await requestDeletion(deps.accounts.deletion, contextFor(base));
    expect(await runDeletion(deps.accounts.deletion, id)).toBe("complete");

    expect(await scanResidue(api.composition.residue, { uid: base })).toEqual([]);
    expect(await scanResidue(api.composition.residue, { uid: other })).toEqual(before);
    for (const imageId of kept.images) {
      expect((await readImageContent(deps.images.vault, other, imageId, {})).bytes.length).toBeGreaterThan(0);
    }
  });

  it.each(steps.map((step, index) => [index + 1, step.name] as const))(
    "is finished by the sweeper after a crash after step %i (%s)",
    { timeout: 60_000 },
    async (step) => {
      const deps = api.composition.deps;
      const uid = `crash${step}x${randomBytes(6).toString("hex")}`;
      await seedAccount(deps, uid, { images: 2, generations: 2 });
      const id = await requestDeletion(deps.accounts.deletion, contextFor(uid));
      await expect(runDeletion({ ...deps.accounts.deletion, failAfterStep: step }, id)).rejects.toThrow(/injected crash/);
      const pending = await getReceipt(deps.store, id);
      expect(pending.status).toBe(step === steps.length ? "complete" : "pending");

      await sweepDeletions(deps.accounts.deletion);
      const receipt = await getReceipt(deps.store, id);
      expect(receipt).toMatchObject({ status: "complete", removed: { images: 2, generations: 2, blobs: 4, tokens: 1 } });
      expect(verifyReceipt(auditKey, receipt)).toBe(true);
      expect(await scanResidue(api.composition.residue, { uid })).toEqual([]);
      expect((await auditEvents()).filter((e) => e.action === "account.deleted" && e.target.id === auditPseudonym(auditKey, uid))).toHaveLength(1);
    },
  );

  it("does not let a request that raced the erasure bring the profile back", async () => {
    const deps = api.composition.deps;
    const uid = `race${randomBytes(6).toString("hex")}`;
    const ctx = contextFor(uid);
    const id = await requestDeletion(deps.accounts.deletion, ctx);
    await expect(ensureProfile(deps, ctx)).rejects.toMatchObject({ code: "not-found" });
    expect(await runDeletion(deps.accounts.deletion, id)).toBe("complete");
    expect(await scanResidue(api.composition.residue, { uid })).toEqual([]);
  });

  it("waits for a live lease, and takes over once it lapses", async () => {
    const deps = api.composition.deps;
    const uid = `lease${randomBytes(6).toString("hex")}`;
    await seedAccount(deps, uid);
    const id = await requestDeletion(deps.accounts.deletion, contextFor(uid));
    // A worker that took the lease and died without a word.
    await deps.store.update(deletionJobPath(id), { leaseOwner: "gone", leaseUntil: new Date(Date.now() + 60_000) });
    expect(await runDeletion(deps.accounts.deletion, id)).toBe("busy");
    await deps.store.update(deletionJobPath(id), { leaseUntil: new Date(Date.now() - 1) });
    const report = await sweepDeletions(deps.accounts.deletion);
    expect(report.completed).toBeGreaterThanOrEqual(1);
    expect((await getReceipt(deps.store, id)).status).toBe("complete");
  });
});

describe("the audit trail after erasure", () => {
  it("keeps the user's events with the uid replaced by its keyed hash", async () => {
    const user: AuthSession = await createUser(email(), "correct horse battery");
    const uid = user.localId;
    expect((await call("/v1/me", { token: user.idToken })).status).toBe(200);
    await call("/v1/me/restriction", {
      method: "PUT",
      token: user.idToken,
      body: JSON.stringify({ restricted: true }),
      headers: { "content-type": "application/json" },
    });
    const before = (await auditEvents()).filter((e) => e.actor.uid === uid || e.target.id === uid);
    expect(before.map((e) => e.action)).toEqual(expect.arrayContaining(["account.created", "account.restriction_changed"]));

    expect((await deleteMe(user.idToken)).status).toBe(202);
    await api.composition.drain();

    const hash = auditPseudonym(auditKey, uid);
    expect(hash).toMatch(/^erased:[A-Za-z0-9_-]{43}$/);
    const after = await auditEvents();
    expect(after.some((e) => e.actor.uid === uid || e.target.id === uid)).toBe(false);
    for (const event of before) {
      const now = after.find((e) => e.id === event.id);
      // Same event, same everything, except the uid fields now carry the hash.
      expect(now).toEqual({
        ...event,
        actor: { ...event.actor, uid: event.actor.uid === uid ? hash : event.actor.uid },
        target: { ...event.target, id: event.target.id === uid ? hash : event.target.id },
      });
    }
    const actions = after.filter((e) => e.actor.uid === hash || e.target.id === hash).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["account.created", "account.restriction_changed", "account.deletion_requested", "account.deleted"]));
  });

  it("replaces a staff member's uid in the notices they sent with its keyed hash, and removes unlock links", async () => {
    const deps = api.composition.deps;
    const uid = `staff${randomBytes(6).toString("hex")}`;
    const colleague = `staff${randomBytes(6).toString("hex")}`;
    await seedAccount(deps, uid);
    const sent = { kind: "incident", subject: "Maintenance", audience: "all", recipients: 0, emailed: 0, sentAt: new Date() };
    await deps.store.create(`notices/mine${uid}`, { ...sent, sentBy: uid });
    await deps.store.create(`notices/theirs${uid}`, { ...sent, sentBy: colleague });
    // An IP-lock unlock link names its user too.
    await deps.store.create(`ipUnlocks/link${uid}`, { uid, createdAt: new Date(), expiresAt: new Date(Date.now() + 60_000) });
    const id = await requestDeletion(deps.accounts.deletion, contextFor(uid));
    expect(await runDeletion(deps.accounts.deletion, id)).toBe("complete");
    expect((await deps.store.get(`notices/mine${uid}`))?.data.sentBy).toBe(auditPseudonym(auditKey, uid));
    expect((await deps.store.get(`notices/theirs${uid}`))?.data.sentBy).toBe(colleague);
    expect(await deps.store.get(`ipUnlocks/link${uid}`)).toBeNull();
    expect(await scanResidue(api.composition.residue, { uid })).toEqual([]);
  });
});
