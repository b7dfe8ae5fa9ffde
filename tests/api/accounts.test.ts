/**
 * Account privacy settings over HTTP against the real app, Auth emulator and redis-server: the IP lock (with a
 * trusted proxy on loopback, so X-Forwarded-For sets the client address), restriction of processing, and personal
 * access tokens with their scopes.
 */
import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessTokenList, AuditEvent, CallerIp, CreatedAccessToken, ImageRecord, ImageWithLink, Me, Problem, UserSettings } from "@bez/contracts";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { type AuthSession, createUser, testAuthEmulator } from "../helpers/auth-emulator-client.ts";
import { userWithRole } from "../helpers/staff.ts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";
import { swatch } from "../helpers/images.ts";
import { expectProblem, forgeToken } from "../helpers/problems.ts";

let api: TestApi;

const email = () => `jeweler-${randomUUID()}@example.test`;

interface CallInit extends RequestInit {
  token?: string;
  /** The client address, as the trusted proxy on loopback reports it. */
  from?: string;
  json?: unknown;
}

async function call(path: string, init: CallInit = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.from) headers.set("x-forwarded-for", init.from);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return fetch(path.startsWith("http") ? path : `${api.url}${path}`, { ...init, headers, body });
}


async function auditOf(uid: string): Promise<AuditEvent[]> {
  const page = await api.composition.deps.store.query({ collection: "audit", where: [{ field: "target.id", op: "==", value: uid }], limit: 500 });
  return page.docs.map((doc) => {
    const data = doc.data as Record<string, unknown> & { at: Date };
    return AuditEvent.parse({ ...data, id: doc.id, at: data.at.toISOString() });
  });
}

/** An ID token for `user` whose sign-in was six minutes ago (the emulator accepts unsigned tokens). */
async function staleSession(user: AuthSession): Promise<string> {
  const { host, projectId } = testAuthEmulator();
  const now = Math.floor(Date.now() / 1000);
  // Revocation checks compare auth_time with validSince: date the account back, as if made long ago.
  const response = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/projects/${projectId}/accounts:update`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer owner" },
    body: JSON.stringify({ localId: user.localId, validSince: String(now - 3600) }),
  });
  expect(response.status, await response.text()).toBe(200);
  const projectIdOfApi = api.config.projectId;
  return forgeToken({
    iss: `https://securetoken.google.com/${projectIdOfApi}`,
    aud: projectIdOfApi,
    sub: user.localId,
    user_id: user.localId,
    auth_time: now - 6 * 60,
    iat: now,
    exp: now + 3600,
  });
}

/** The emailed IP-lock unlock secrets sent to `address` so far, oldest first (the local outbox of .eml files). */
async function unlockSecrets(address: string): Promise<string[]> {
  const root = join(api.dataDir, "mail");
  const dirs = await readdir(root).catch(() => [] as string[]);
  const mails = (
    await Promise.all(dirs.map(async (d) => Promise.all((await readdir(join(root, d))).sort().map((f) => readFile(join(root, d, f), "utf8")))))
  ).flat();
  return mails
    .filter((m) => m.includes(`To: ${address}`) && m.includes("IP lock"))
    .flatMap((m) => [...m.replace(/=\r?\n/g, "").matchAll(/unlock-ip-lock#([A-Za-z0-9_-]{43})/g)].map((match) => match[1] ?? ""));
}

async function newUser(): Promise<AuthSession> {
  const user = await createUser(email(), "correct horse battery");
  expect((await call("/v1/me", { token: user.idToken })).status).toBe(200);
  return user;
}

async function upload(token: string, from?: string) {
  return call("/v1/images", { method: "POST", token, from, body: await swatch(32, 32).png().toBuffer(), headers: { "content-type": "image/png" } });
}

beforeAll(async () => {
  api = await startTestApi({
    BEZ_TRUSTED_PROXIES: "127.0.0.1",
    // A model service that is never reached: restriction must refuse generations before any model call.
    BEZ_REPLICATE_URL: "http://127.0.0.1:9/v1",
    BEZ_REPLICATE_TOKEN: "unused",
  });
});
afterAll(async () => {
  await api?.stop();
});

describe("GET /v1/me/ip", () => {
  it("answers the address the API sees, through the trusted proxy", async () => {
    const user = await newUser();
    expect(CallerIp.parse(await (await call("/v1/me/ip", { token: user.idToken, from: "203.0.113.9" })).json())).toEqual({ ip: "203.0.113.9" });
    expect(CallerIp.parse(await (await call("/v1/me/ip", { token: user.idToken })).json())).toEqual({ ip: "127.0.0.1" });
  });
});

describe("PUT /v1/me/ip-lock", () => {
  it("refuses to lock the caller out, saying no more than that", async () => {
    const user = await newUser();
    const body = await expectProblem(
      await call("/v1/me/ip-lock", { method: "PUT", token: user.idToken, from: "203.0.113.9", json: { enabled: true, cidrs: ["198.51.100.0/24"] } }),
      400,
      "ip-lock-would-lock-you-out",
    );
    expect(JSON.stringify(body)).not.toContain("198.51.100");
    await expectProblem(await call("/v1/me/ip-lock", { method: "PUT", token: user.idToken, json: { enabled: true, cidrs: [] } }), 400, "ip-lock-would-lock-you-out");
    const me = Me.parse(await (await call("/v1/me", { token: user.idToken })).json());
    expect(me.settings.ipLock).toEqual({ enabled: false, cidrs: [] });
  });

  it.each([
    ["a bad address", { enabled: false, cidrs: ["203.0.113.0/24", "300.1.2.3"] }, "cidrs.1"],
    ["a prefix too long", { enabled: false, cidrs: ["2001:db8::/129"] }, "cidrs.0"],
    ["a host name", { enabled: false, cidrs: ["shop.example"] }, "cidrs.0"],
    ["51 entries", { enabled: false, cidrs: Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`) }, "cidrs"],
    ["an unknown field", { enabled: false, cidrs: [], note: "x" }, ""],
    ["enabled missing", { cidrs: [] }, "enabled"],
  ])("400s %s", async (_name, json, path) => {
    const user = await newUser();
    const body = await expectProblem(await call("/v1/me/ip-lock", { method: "PUT", token: user.idToken, json }), 400, "invalid-request");
    if (path) expect(body.errors?.map((e) => e.path)).toContain(path);
  });

  it("locks every request and signed link from outside the list, audits it, and unlocks", async () => {
    const user = await newUser();
    const inside = "203.0.113.9";
    const outside = "192.0.2.1";
    const image = ImageRecord.parse(await (await upload(user.idToken, inside)).json());

    const set = await call("/v1/me/ip-lock", {
      method: "PUT",
      token: user.idToken,
      from: inside,
      json: { enabled: true, cidrs: ["203.0.113.7/24", "2001:DB8::/32", "198.51.100.7/32", "203.0.113.0/24"] },
    });
    expect(set.status).toBe(200);
    const settings = UserSettings.parse(await set.json());
    // Normalized: host bits cleared, lower case, /32 dropped, duplicates collapsed.
    expect(settings.ipLock).toEqual({ enabled: true, cidrs: ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"] });
    expect(Me.parse(await (await call("/v1/me", { token: user.idToken, from: inside })).json()).settings.ipLock).toEqual(settings.ipLock);

    // At once (the change clears this process's cache), for every kind of request.
    await expectProblem(await call("/v1/me", { token: user.idToken, from: outside }), 403, "ip-locked");
    await expectProblem(await call("/v1/images", { token: user.idToken, from: outside }), 403, "ip-locked");
    await expectProblem(await call(`/v1/images/${image.id}/content`, { token: user.idToken, from: outside }), 403, "ip-locked");
    expect((await call("/v1/me", { token: user.idToken, from: "2001:db8:1::5" })).status).toBe(200);
    expect((await call("/v1/me", { token: user.idToken, from: "198.51.100.7" })).status).toBe(200);

    const link = ImageWithLink.parse(await (await call(`/v1/images/${image.id}`, { token: user.idToken, from: inside })).json());
    await expectProblem(await call(link.url, { from: outside }), 403, "ip-locked");
    expect((await call(link.url, { from: inside })).status).toBe(200);
    // A link issued to the image model (for a reference photo) is fetched from the model service's network.
    const { params } = api.composition.deps.images.links.issue(user.localId, image.id, "model");
    const modelLink = `${api.url}/v1/images/${image.id}/content?${new URLSearchParams({ ...params }).toString()}`;
    expect((await call(modelLink, { from: outside })).status).toBe(200);

    const events = await auditOf(user.localId);
    const changed = events.find((e) => e.action === "account.ip_lock_changed");
    expect(changed).toMatchObject({ outcome: "success", meta: { enabled: true, count: 3 } });
    expect(changed?.ip).toBeUndefined();
    expect(JSON.stringify(changed)).not.toContain("203.0.113");
    const denials = events.filter((e) => e.action === "auth.ip_lock_denied");
    expect(denials.length).toBeGreaterThanOrEqual(1);
    expect(denials.every((e) => e.ip === outside && e.outcome === "denied")).toBe(true);
    expect(events.filter((e) => e.action !== "auth.ip_lock_denied").every((e) => e.ip === undefined)).toBe(true);

    // Unlocking needs a request from inside, like everything else.
    await expectProblem(await call("/v1/me/ip-lock", { method: "PUT", token: user.idToken, from: outside, json: { enabled: false, cidrs: [] } }), 403, "ip-locked");
    const off = await call("/v1/me/ip-lock", { method: "PUT", token: user.idToken, from: inside, json: { enabled: false, cidrs: ["203.0.113.0/24"] } });
    expect(UserSettings.parse(await off.json()).ipLock).toEqual({ enabled: false, cidrs: ["203.0.113.0/24"] });
    expect((await call("/v1/me", { token: user.idToken, from: outside })).status).toBe(200);
  });
});

describe("a stolen session", () => {
  it("cannot change the IP lock or mint an access token without a sign-in from the last five minutes", async () => {
    const user = await newUser();
    const stale = await staleSession(user);
    expect((await call("/v1/me", { token: stale })).status).toBe(200);
    await expectProblem(await call("/v1/me/ip-lock", { method: "PUT", token: stale, json: { enabled: true, cidrs: ["127.0.0.1"] } }), 403, "recent-login-required");
    await expectProblem(await call("/v1/me/tokens", { method: "POST", token: stale, json: { name: "x", expiresInDays: 365 } }), 403, "recent-login-required");
    expect(Me.parse(await (await call("/v1/me", { token: stale })).json()).settings.ipLock.enabled).toBe(false);
    expect(AccessTokenList.parse(await (await call("/v1/me/tokens", { token: stale })).json()).items).toEqual([]);
  });
});

describe("recovery from one's own IP lock", () => {
  const inside = "203.0.113.9";
  const outside = "192.0.2.1";

  async function lockedUser() {
    const address = email();
    const session = await createUser(address, "correct horse battery");
    expect((await call("/v1/me", { token: session.idToken, from: inside })).status).toBe(200);
    const set = await call("/v1/me/ip-lock", { method: "PUT", token: session.idToken, from: inside, json: { enabled: true, cidrs: ["203.0.113.0/24"] } });
    expect(set.status).toBe(200);
    await expectProblem(await call("/v1/me", { token: session.idToken, from: outside }), 403, "ip-locked");
    return { ...session, email: address };
  }

  it("emails a single-use link that turns the lock off, keeps the ranges, and is audited", async () => {
    const user = await lockedUser();
    const asked = await call("/v1/me/ip-lock/unlock-link", { method: "POST", token: user.idToken, from: outside });
    expect(asked.status, await asked.clone().text()).toBe(202);
    const [secret] = await unlockSecrets(user.email);
    expect(secret).toBeDefined();

    await expectProblem(await call("/v1/ip-lock/unlock", { method: "POST", from: outside, json: { token: "x".repeat(43) } }), 403, "invalid-link");
    await expectProblem(await call("/v1/ip-lock/unlock", { method: "POST", from: outside, json: { token: secret, extra: 1 } }), 400, "invalid-request");
    await expectProblem(await call("/v1/me", { token: user.idToken, from: outside }), 403, "ip-locked");
    expect((await call("/v1/ip-lock/unlock", { method: "POST", from: outside, json: { token: secret } })).status).toBe(204);
    const me = Me.parse(await (await call("/v1/me", { token: user.idToken, from: outside })).json());
    expect(me.settings.ipLock).toEqual({ enabled: false, cidrs: ["203.0.113.0/24"] });
    await expectProblem(await call("/v1/ip-lock/unlock", { method: "POST", from: outside, json: { token: secret } }), 403, "invalid-link");

    const changed = (await auditOf(user.localId)).filter((e) => e.action === "account.ip_lock_changed");
    expect(changed.at(-1)).toMatchObject({ outcome: "success", actor: { uid: user.localId, via: "system" }, meta: { enabled: false, count: 1, source: "unlock-link" } });
    expect(changed.at(-1)?.ip).toBeUndefined();
    const stored = await api.composition.deps.store.query({ collection: "ipUnlocks", where: [{ field: "uid", op: "==", value: user.localId }], limit: 5 });
    expect(stored.docs).toHaveLength(0);
  });

  it("refuses an expired link, an earlier link once a newer one is sent, and an access token asking for one", async () => {
    const user = await lockedUser();
    expect((await call("/v1/me/ip-lock/unlock-link", { method: "POST", token: user.idToken, from: outside })).status).toBe(202);
    expect((await call("/v1/me/ip-lock/unlock-link", { method: "POST", token: user.idToken, from: outside })).status).toBe(202);
    const [first, second] = await unlockSecrets(user.email);
    expect(first && second && first !== second).toBe(true);
    await expectProblem(await call("/v1/ip-lock/unlock", { method: "POST", json: { token: first } }), 403, "invalid-link");
    const [link] = (await api.composition.deps.store.query({ collection: "ipUnlocks", where: [{ field: "uid", op: "==", value: user.localId }], limit: 5 })).docs;
    expect(link).toBeDefined();
    await api.composition.deps.store.update(link?.path ?? "", { expiresAt: new Date(Date.now() - 1000) });
    await expectProblem(await call("/v1/ip-lock/unlock", { method: "POST", json: { token: second } }), 403, "invalid-link");
    await expectProblem(await call("/v1/me", { token: user.idToken, from: outside }), 403, "ip-locked");

    const pat = await call("/v1/me/tokens", { method: "POST", token: user.idToken, from: inside, json: { name: "cli", expiresInDays: 1 } });
    const { token } = CreatedAccessToken.parse(await pat.json());
    await expectProblem(await call("/v1/me/ip-lock/unlock-link", { method: "POST", token, from: outside }), 403, "id-token-required");
    await expectProblem(await call("/v1/me/ip-lock/unlock-link", { method: "POST", from: outside }), 401, "unauthenticated");
  });

  it("lets an admin clear a user's lock, audited with the admin's IP, and nobody else", async () => {
    const user = await lockedUser();
    const support = await userWithRole(api, "support");
    const admin = await userWithRole(api, "admin");
    await expectProblem(await call(`/v1/admin/users/${user.localId}/ip-lock/clear`, { method: "POST", token: support.idToken }), 403, "forbidden");
    await expectProblem(await call(`/v1/admin/users/${user.localId}/ip-lock/clear`, { method: "POST", token: user.idToken, from: inside }), 403, "forbidden");
    await expectProblem(await call("/v1/admin/users/nobodyhere/ip-lock/clear", { method: "POST", token: admin.idToken }), 404, "not-found");
    await expectProblem(await call("/v1/me", { token: user.idToken, from: outside }), 403, "ip-locked");

    expect((await call(`/v1/admin/users/${user.localId}/ip-lock/clear`, { method: "POST", token: admin.idToken, from: "198.51.100.4" })).status).toBe(204);
    const me = Me.parse(await (await call("/v1/me", { token: user.idToken, from: outside })).json());
    expect(me.settings.ipLock).toEqual({ enabled: false, cidrs: ["203.0.113.0/24"] });
    const changed = (await auditOf(user.localId)).filter((e) => e.action === "account.ip_lock_changed" && e.actor.uid === admin.localId);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ outcome: "success", actor: { role: "admin" }, ip: "198.51.100.4", meta: { enabled: false, count: 1, source: "admin" } });
  });
});

describe("PUT /v1/me/restriction", () => {
  it("pauses uploads and generations, keeps reading and export, and audits each change", async () => {
    const user = await newUser();
    const image = ImageRecord.parse(await (await upload(user.idToken)).json());
    const restricted = await call("/v1/me/restriction", { method: "PUT", token: user.idToken, json: { restricted: true } });
    expect(Me.parse(await restricted.json()).status).toBe("restricted");

    await expectProblem(await upload(user.idToken), 409, "processing-restricted");
    await expectProblem(
      await call("/v1/generations", { method: "POST", token: user.idToken, json: { preset: "packshot-white", prompt: "gold ring", aspectRatio: "1:1", count: 1 } }),
      409,
      "processing-restricted",
    );
    expect((await call("/v1/images", { token: user.idToken })).status).toBe(200);
    expect((await call(`/v1/images/${image.id}/content`, { token: user.idToken })).status).toBe(200);
    const exported = await call("/v1/me/export", { token: user.idToken });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();

    const lifted = await call("/v1/me/restriction", { method: "PUT", token: user.idToken, json: { restricted: false } });
    expect(Me.parse(await lifted.json()).status).toBe("active");
    expect((await upload(user.idToken)).status).toBe(201);
    const changes = (await auditOf(user.localId)).filter((e) => e.action === "account.restriction_changed").map((e) => e.meta?.restricted);
    expect(changes.sort()).toEqual([false, true]);
  });

  it("400s anything but a boolean", async () => {
    const user = await newUser();
    await expectProblem(await call("/v1/me/restriction", { method: "PUT", token: user.idToken, json: { restricted: "yes" } }), 400, "invalid-request");
  });
});

describe("personal access tokens", () => {
  async function createToken(user: AuthSession, name = "Catalog CLI", expiresInDays = 30) {
    const response = await call("/v1/me/tokens", { method: "POST", token: user.idToken, json: { name, expiresInDays } });
    expect(response.status, await response.clone().text()).toBe(201);
    return CreatedAccessToken.parse(await response.json());
  }

  it("is shown once, stored only as a hash, listed without secrets, and revoked", async () => {
    const user = await newUser();
    const created = await createToken(user);
    expect(created.token).toMatch(new RegExp(`^bez_pat_${created.id}_[A-Za-z0-9_-]{43}$`));
    const expires = new Date(created.expiresAt).getTime() - Date.now();
    expect(Math.abs(expires - 30 * 86_400_000)).toBeLessThan(60_000);

    const hash = createHash("sha256").update(created.token).digest("hex");
    const stored = await api.composition.deps.store.get(`tokens/${hash}`);
    expect(stored?.data).toMatchObject({ uid: user.localId, id: created.id, name: "Catalog CLI" });
    expect(JSON.stringify(stored?.data)).not.toContain(created.token.slice(-43));

    const me = Me.parse(await (await call("/v1/me", { token: created.token })).json());
    expect(me.uid).toBe(user.localId);
    const list = AccessTokenList.parse(await (await call("/v1/me/tokens", { token: user.idToken })).json());
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: created.id, name: "Catalog CLI" });
    expect(list.items[0]?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(created.token);

    expect((await call(`/v1/me/tokens/${created.id}`, { method: "DELETE", token: user.idToken })).status).toBe(204);
    await expectProblem(await call("/v1/me", { token: created.token }), 401, "unauthenticated");
    await expectProblem(await call(`/v1/me/tokens/${created.id}`, { method: "DELETE", token: user.idToken }), 404, "not-found");
    const actions = (await api.composition.deps.store.query({ collection: "audit", where: [{ field: "target.id", op: "==", value: created.id }], limit: 10 })).docs.map(
      (d) => d.data.action,
    );
    expect(actions.sort()).toEqual(["token.created", "token.revoked"]);
  });

  it("401s an expired, a tampered and a malformed token", async () => {
    const user = await newUser();
    const created = await createToken(user, "Old", 1);
    const hash = createHash("sha256").update(created.token).digest("hex");
    const tampered = `${created.token.slice(0, -1)}${created.token.endsWith("A") ? "B" : "A"}`;
    await expectProblem(await call("/v1/me", { token: tampered }), 401, "unauthenticated");
    await expectProblem(await call("/v1/me", { token: "bez_pat_nothing" }), 401, "unauthenticated");
    await api.composition.deps.store.update(`tokens/${hash}`, { expiresAt: new Date(Date.now() - 1000) });
    const body = await expectProblem(await call("/v1/me", { token: created.token }), 401, "unauthenticated");
    expect(body.detail).toMatch(/expired/);
  });

  it("401s a token whose account is disabled or being erased, and keeps serving a restricted one", async () => {
    const user = await newUser();
    const created = await createToken(user);
    await call("/v1/me/restriction", { method: "PUT", token: user.idToken, json: { restricted: true } });
    expect((await call("/v1/images", { token: created.token })).status).toBe(200);

    await api.composition.deps.store.update(`users/${user.localId}`, { status: "deleting" });
    await expectProblem(await call("/v1/images", { token: created.token }), 401, "unauthenticated");
    await api.composition.deps.store.update(`users/${user.localId}`, { status: "active" });
    expect((await call("/v1/images", { token: created.token })).status).toBe(200);

    await api.composition.deps.identity.disable(user.localId);
    await expectProblem(await call("/v1/images", { token: created.token }), 401, "unauthenticated");
    await expectProblem(await call("/v1/me", { token: created.token }), 401, "unauthenticated");
  });

  it("allows 20 tokens per account, and another user's token id is not found", async () => {
    const user = await newUser();
    const other = await newUser();
    const mine = await Promise.all(Array.from({ length: 20 }, (_, i) => createToken(user, `token ${i}`)));
    await expectProblem(
      await call("/v1/me/tokens", { method: "POST", token: user.idToken, json: { name: "one more", expiresInDays: 5 } }),
      409,
      "token-limit-reached",
    );
    await expectProblem(await call(`/v1/me/tokens/${mine[0]?.id}`, { method: "DELETE", token: other.idToken }), 404, "not-found");
    expect((await call(`/v1/me/tokens/${mine[0]?.id}`, { method: "DELETE", token: user.idToken })).status).toBe(204);
    await createToken(user, "one more");
  });

  it.each([
    ["empty name", { name: "", expiresInDays: 5 }],
    ["0 days", { name: "x", expiresInDays: 0 }],
    ["366 days", { name: "x", expiresInDays: 366 }],
    ["fractional days", { name: "x", expiresInDays: 1.5 }],
    ["extra field", { name: "x", expiresInDays: 5, scope: "all" }],
  ])("400s a bad request (%s)", async (_name, json) => {
    const user = await newUser();
    await expectProblem(await call("/v1/me/tokens", { method: "POST", token: user.idToken, json }), 400, "invalid-request");
  });

  it("reaches generations, images, presets and GET /v1/me only", async () => {
    const user = await newUser();
    const { token } = await createToken(user);
    const image = ImageRecord.parse(await (await upload(user.idToken)).json());
    const generation = { preset: "packshot-white", prompt: "gold ring", aspectRatio: "1:1", count: 1 };
    const cases: [string, string, CallInit, number | "not 403"][] = [
      ["GET", "/v1/me", {}, 200],
      ["PATCH", "/v1/me", { json: { displayName: "Ada" } }, 403],
      ["POST", "/v1/me/consent", { json: { ageConfirmed: true, policyVersion: "2026-11-01" } }, 403],
      ["DELETE", "/v1/me", { json: { confirm: "DELETE" } }, 403],
      ["GET", "/v1/me/ip", {}, 403],
      ["PUT", "/v1/me/ip-lock", { json: { enabled: false, cidrs: [] } }, 403],
      ["PUT", "/v1/me/restriction", { json: { restricted: true } }, 403],
      ["GET", "/v1/me/tokens", {}, 403],
      ["POST", "/v1/me/tokens", { json: { name: "x", expiresInDays: 1 } }, 403],
      ["DELETE", "/v1/me/tokens/abc", {}, 403],
      ["GET", "/v1/me/export", {}, 403],
      ["GET", "/v1/me/notices", {}, 403],
      ["GET", "/v1/admin/audit", {}, 403],
      ["GET", "/v1/presets", {}, 200],
      ["GET", "/v1/images", {}, 200],
      ["GET", `/v1/images/${image.id}`, {}, 200],
      ["GET", `/v1/images/${image.id}/content`, {}, 200],
      ["POST", "/v1/images", { body: await swatch(16, 16).png().toBuffer(), headers: { "content-type": "image/png" } }, 201],
      ["GET", "/v1/generations", {}, 200],
      ["POST", "/v1/generations", { json: generation }, "not 403"],
      ["DELETE", `/v1/images/${image.id}`, {}, 204],
    ];
    for (const [method, path, init, expected] of cases) {
      const response = await call(path, { ...init, method, token });
      const label = `${method} ${path} → ${response.status}`;
      if (expected === "not 403") expect(response.status, label).not.toBe(403);
      else expect(response.status, label).toBe(expected);
      if (expected === 403) expect(Problem.parse(await response.json()).code, label).toBe("id-token-required");
      else await response.arrayBuffer();
    }
  });
});
