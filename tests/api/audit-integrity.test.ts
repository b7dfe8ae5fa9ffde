/**
 * Tamper evidence of the audit log (DESIGN.md §9): after sealing, editing, deleting, inserting or reordering any stored
 * event or digest makes GET /v1/admin/audit/verify fail and name the first broken point; erasure does not; concurrent
 * writers lose nothing; retention purges whole digests, is audited, and leaves a log that still verifies.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AuditEvent, AuditVerification } from "@bez/contracts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";
import { type TestUser, call, testEmail } from "../helpers/staff.ts";
import { createUser, signIn } from "../helpers/auth-emulator-client.ts";
import { auditEventFromDoc } from "../../functions/src/core/audit/audit-writer.ts";
import { purgeExpiredAudit } from "../../functions/src/core/audit/retention.ts";
import type { AuditInput, DocData } from "../../functions/src/ports.ts";
import { digestPath } from "../../functions/src/core/audit/digest-records.ts";
import { createHeadWitness } from "../../functions/src/core/audit/head-witness.ts";
import { sealAuditDigests } from "../../functions/src/core/audit/seal.ts";
import { createFsBlobStore } from "../../functions/src/adapters/fs-blobs/index.ts";

let admin: TestUser;
const started: TestApi[] = [];

beforeAll(async () => {
  // One admin account in the shared Auth emulator; each test's API (own data dir) makes its profile on first call.
  const email = testEmail("audit-admin");
  const first = await createUser(email, "correct horse battery");
  const api = await startTestApi();
  try {
    await api.composition.deps.identity.setRole(first.localId, "admin");
  } finally {
    await api.stop();
  }
  admin = { ...(await signIn(email, "correct horse battery")), email, password: "correct horse battery", role: "admin" };
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((api) => api.stop()));
});

async function freshApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const api = await startTestApi(overrides);
  started.push(api);
  return api;
}

const event = (i: number, uid = `user-${i % 7}`): AuditInput => ({
  actor: { uid, role: "user", via: "id-token" },
  action: "account.updated",
  target: { type: "user", id: uid },
  outcome: "success",
  requestId: `req-${i}`,
  meta: { fields: "displayName" },
});

/** Writes `count` events in `digests` sealed digests; returns the stored events oldest first. */
async function sealedLog(api: TestApi, count: number, digests = 1): Promise<AuditEvent[]> {
  const { audit } = api.composition.deps;
  const perDigest = Math.ceil(count / digests);
  for (let d = 0; d < digests; d++) {
    for (let i = d * perDigest; i < Math.min(count, (d + 1) * perDigest); i++) await audit.record(event(i));
    await api.composition.sealAudit({ settleMs: 0 });
  }
  return storedEvents(api);
}

async function storedEvents(api: TestApi): Promise<AuditEvent[]> {
  const page = await api.composition.deps.store.query({ collection: "audit", orderBy: { field: "at", direction: "asc" }, limit: 1000 });
  return page.docs.map(auditEventFromDoc);
}

async function verify(api: TestApi): Promise<AuditVerification> {
  const response = await call(api, "/v1/admin/audit/verify", { token: admin.idToken });
  expect(response.status).toBe(200);
  return AuditVerification.parse(await response.json());
}

const nth = <T>(list: T[], i: number): T => {
  const item = list.at(i);
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
};

describe("an untouched log", () => {
  it("verifies, with pending events counted until the next seal", async () => {
    const api = await freshApi();
    const events = await sealedLog(api, 30, 3);
    expect(await verify(api)).toMatchObject({ ok: true, checked: events.length, digests: 3, firstBrokenAt: null, reason: null, pending: 0 });
    // That verification is itself an event, not yet sealed.
    expect(await verify(api)).toMatchObject({ ok: true, checked: events.length, pending: 1 });
    await api.composition.sealAudit({ settleMs: 0 });
    expect(await verify(api)).toMatchObject({ ok: true, checked: events.length + 2, digests: 4, pending: 0 });
  });

  it("loses nothing when 1,000 events are written at once, and seals them all", async () => {
    const api = await freshApi();
    await Promise.all(Array.from({ length: 1000 }, (_, i) => api.composition.deps.audit.record(event(i))));
    const events = await storedEvents(api);
    expect(events).toHaveLength(1000);
    expect(new Set(events.map((e) => e.requestId)).size).toBe(1000);
    const report = await api.composition.sealAudit({ settleMs: 0 });
    expect(report).toEqual({ digests: 1, events: 1000 });
    expect(await verify(api)).toMatchObject({ ok: true, checked: 1000, digests: 1 });
  });

  it("leaves events younger than the settle time for the next digest", async () => {
    const api = await freshApi();
    await api.composition.deps.audit.record(event(1));
    expect(await api.composition.sealAudit({ settleMs: 60_000 })).toEqual({ digests: 0, events: 0 });
    expect(await api.composition.sealAudit({ settleMs: 0 })).toEqual({ digests: 1, events: 1 });
  });
});

describe("tampering with events", () => {
  it("names an edited event", async () => {
    const api = await freshApi();
    const events = await sealedLog(api, 20, 2);
    const victim = nth(events, 13);
    await api.composition.deps.store.update(`audit/${victim.id}`, { outcome: "denied" });
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: victim.id, reason: expect.stringContaining("altered") as string });
  });

  it("names an event whose meta was edited", async () => {
    const api = await freshApi();
    const events = await sealedLog(api, 10);
    const victim = nth(events, 2);
    await api.composition.deps.store.update(`audit/${victim.id}`, { "meta.fields": "email" });
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: victim.id });
  });

  it("names a deleted event", async () => {
    const api = await freshApi();
    const events = await sealedLog(api, 20, 2);
    const victim = nth(events, 4);
    await api.composition.deps.store.delete(`audit/${victim.id}`);
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: victim.id, reason: expect.stringContaining("missing") as string });
  });

  it("names the last event of a digest when it is deleted", async () => {
    const api = await freshApi();
    const events = await sealedLog(api, 10);
    const victim = nth(events, -1);
    await api.composition.deps.store.delete(`audit/${victim.id}`);
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: victim.id });
  });

  it("names the first of two reordered events", async () => {
    const api = await freshApi();
    const events = await sealedLog(api, 12);
    const [a, b] = [nth(events, 3), nth(events, 8)];
    const { store } = api.composition.deps;
    await store.update(`audit/${a.id}`, { at: new Date(b.at) });
    await store.update(`audit/${b.id}`, { at: new Date(a.at) });
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: a.id });
  });

  it("names an event inserted into the sealed record", async () => {
    const api = await freshApi();
    const events = await sealedLog(api, 10);
    const before = nth(events, 5);
    const forged: DocData = {
      at: new Date(before.at),
      actor: { uid: "someone", role: "admin", via: "id-token" },
      action: "role.changed",
      target: { type: "user", id: "someone" },
      outcome: "success",
      requestId: "forged",
    };
    const forgedId = `${before.id}0`;
    await api.composition.deps.store.create(`audit/${forgedId}`, forged);
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: forgedId, reason: expect.stringContaining("inserted") as string });
  });
});

describe("tampering with digests", () => {
  it("names an edited digest", async () => {
    const api = await freshApi();
    await sealedLog(api, 12, 3);
    await api.composition.deps.store.update("auditDigests/0000000002", { count: 3, eventIds: ["x", "y", "z"], eventHashes: ["1", "2", "3"] });
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "digest:2" });
  });

  it("names a deleted digest, the last one included", async () => {
    const api = await freshApi();
    await sealedLog(api, 12, 3);
    const { store } = api.composition.deps;
    const last = await store.get("auditDigests/0000000003");
    await store.delete("auditDigests/0000000002");
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "digest:2", reason: expect.stringContaining("missing") as string });
    await store.set("auditDigests/0000000002", (await store.get("auditDigests/0000000003"))?.data ?? {});
    expect(last).not.toBeNull();
    await store.delete("auditDigests/0000000003");
    // Digest 2 now holds digest 3's record, and digest 3 is gone.
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "digest:2" });
  });

  it("names the newest digest when it is deleted (the head marker remembers it)", async () => {
    const api = await freshApi();
    await sealedLog(api, 12, 3);
    await api.composition.deps.store.delete("auditDigests/0000000003");
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "digest:3" });
    await api.composition.deps.store.delete("auditState/head");
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "head" });
  });

  it("names the first of two swapped digests", async () => {
    const api = await freshApi();
    await sealedLog(api, 12, 3);
    const { store } = api.composition.deps;
    const [one, two] = await store.getAll(["auditDigests/0000000001", "auditDigests/0000000002"]);
    await store.set("auditDigests/0000000001", two?.data ?? {});
    await store.set("auditDigests/0000000002", one?.data ?? {});
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "digest:1", reason: expect.stringContaining("moved") as string });
  });

  it("refuses to seal on top of an altered head marker", async () => {
    const api = await freshApi();
    await sealedLog(api, 5);
    await api.composition.deps.store.update("auditState/head", { n: 7 });
    await api.composition.deps.audit.record(event(99));
    expect(await api.composition.sealAudit({ settleMs: 0 })).toEqual({ digests: 0, events: 0 });
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "head" });
  });
});

describe("a reset chain (head and digests removed, or the store restored to an older state)", () => {
  const deleteChain = async (api: TestApi, digests: number) => {
    const { store } = api.composition.deps;
    await store.delete("auditState/head");
    for (let n = 1; n <= digests; n++) await store.delete(digestPath(n));
  };

  it("is named from the head witness outside the store, and sealing refuses to start a fresh chain over it", async () => {
    const api = await freshApi();
    await sealedLog(api, 12, 3);
    await deleteChain(api, 3);
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "head", reason: expect.stringContaining("reset or rolled back") as string });
    expect(await api.composition.sealAudit({ settleMs: 0 })).toEqual({ digests: 0, events: 0 });
  });

  it("is named when the store is rolled back to an earlier head", async () => {
    const api = await freshApi();
    await sealedLog(api, 8, 2);
    const { store } = api.composition.deps;
    const earlierHead = await store.get("auditState/head");
    await sealedLog(api, 4);
    expect(await verify(api)).toMatchObject({ ok: true, digests: 3 });
    // What a restore of the store from before digest 3 looks like: digest 3 gone, the head as it was then.
    await store.delete(digestPath(3));
    await store.set("auditState/head", earlierHead?.data ?? {});
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "head", reason: expect.stringContaining("head witness recorded digest 3") as string });
  });

  it("is named when a fresh chain is signed with the audit key but the witness never saw it", async () => {
    const api = await freshApi();
    await sealedLog(api, 6, 2);
    await deleteChain(api, 2);
    const { store, logger } = api.composition.deps;
    const elsewhere = await mkdtemp(join(tmpdir(), "bez-forged-witness-"));
    try {
      // Whoever holds BEZ_AUDIT_KEY can sign a new chain, but cannot rewind the witness, whose records stay.
      const forger = { store, clock: { now: () => new Date() }, logger, auditKey: await devAuditKey(api), witness: createHeadWitness(await createFsBlobStore({ dir: elsewhere })) };
      expect(await sealAuditDigests(forger, { settleMs: 0 })).toEqual({ digests: 1, events: 6 });
      expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "head" });
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it("is named from the events' age when the witness is gone too: none may wait unsealed for twice the digest interval", async () => {
    const api = await freshApi({ BEZ_AUDIT_DIGEST_SECONDS: "1", BEZ_AUDIT_SETTLE_SECONDS: "0" });
    const events = await sealedLog(api, 6, 2);
    await deleteChain(api, 2);
    await rm(join(api.dataDir, "audit-witness"), { recursive: true, force: true });
    // Within the interval a reset cannot be told from events not sealed yet: they count as pending.
    expect(await verify(api)).toMatchObject({ ok: true, pending: 6 });
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await verify(api)).toMatchObject({
      ok: false,
      firstBrokenAt: nth(events, 0).id,
      reason: expect.stringContaining("older than twice the digest interval") as string,
    });
  });

  it("tolerates a witness one digest behind (a crash after sealing), and the next seal records what it missed", async () => {
    const api = await freshApi();
    await sealedLog(api, 8, 2);
    const folder = join(api.dataDir, "audit-witness", "heads", "000000");
    const recordOf = async (n: number) => (await readdir(folder)).find((name) => name.startsWith(`${String(n).padStart(10, "0")}.json`));
    const second = await recordOf(2);
    if (!second) throw new Error("the witness holds no record of digest 2");
    await rm(join(folder, second));
    expect(await verify(api)).toMatchObject({ ok: true, digests: 2 });
    // (This seal also covers the verification's own audit event, as digest 3.)
    await api.composition.sealAudit({ settleMs: 0 });
    expect(await recordOf(2)).toBe(second);
    // Further behind is no crash: the records were removed.
    await rm(folder, { recursive: true });
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "head", reason: expect.stringContaining("no record") as string });
  });
});

describe("erasure and retention", () => {
  it("stays verifiable after an erasure swaps a user's uid and IP for their keyed hashes", async () => {
    const api = await freshApi();
    const { audit } = api.composition.deps;
    const email = testEmail("erased");
    const user = await createUser(email, "correct horse battery");
    expect((await call(api, "/v1/me", { token: user.idToken })).status).toBe(200);
    await audit.record({ ...event(1, user.localId), action: "auth.ip_lock_denied", outcome: "denied", ip: "203.0.113.9" });
    await sealedLog(api, 5);
    expect(await verify(api)).toMatchObject({ ok: true });
    const erase = await call(api, "/v1/me", { method: "DELETE", token: user.idToken, json: { confirm: "DELETE" } });
    expect(erase.status).toBe(202);
    await api.composition.drain();
    const events = await storedEvents(api);
    expect(JSON.stringify(events)).not.toContain(user.localId);
    expect(JSON.stringify(events)).not.toContain("203.0.113.9");
    expect(await verify(api)).toMatchObject({ ok: true, firstBrokenAt: null });
  });

  it("purges whole digests past retention, audits the purge, and still verifies", async () => {
    const api = await freshApi();
    await sealedLog(api, 12, 3);
    const { store, audit, logger } = api.composition.deps;
    const digestTwo = await store.get("auditDigests/0000000002");
    const lastAtOfTwo = (digestTwo?.data.lastAt as Date).getTime();
    // A clock 400 days after digest 2's last event, but before digest 3's.
    const clock = { now: () => new Date(lastAtOfTwo + 400 * 86_400_000 + 1) };
    const auditKey = await devAuditKey(api);
    const report = await purgeExpiredAudit({ store, clock, logger, audit, auditKey }, 400);
    expect(report).toEqual({ digests: 2, events: 8 });
    expect(await store.get("auditDigests/0000000001")).toBeNull();
    expect(await store.get("auditDigests/0000000002")).toBeNull();
    const events = await storedEvents(api);
    expect(events.filter((e) => e.action === "audit.purged")).toHaveLength(1);
    expect(events.find((e) => e.action === "audit.purged")?.meta).toMatchObject({ digests: 2, events: 8, retentionDays: 400 });
    expect(await verify(api)).toMatchObject({ ok: true, digests: 1, checked: 4 });
    await store.update("auditState/anchor", { n: 1 });
    expect(await verify(api)).toMatchObject({ ok: false, firstBrokenAt: "anchor" });
  });
});

/** The development audit key the test API generated into its data dir (config.ts leaves BEZ_AUDIT_KEY unset in tests). */
async function devAuditKey(api: TestApi): Promise<Uint8Array> {
  const { loadOrCreateDevAuditKey } = await import("../../functions/src/adapters/key-ring/dev-secrets.ts");
  return loadOrCreateDevAuditKey(api.dataDir);
}
