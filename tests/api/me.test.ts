/**
 * Black-box HTTP tests of authentication, /v1/me and problem+json, against the real app with the real Auth
 * emulator and redis-server from tests/global-setup.ts.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentPolicyVersion, Health, Me } from "@bez/contracts";
import { createUser, type AuthSession } from "../helpers/auth-emulator-client.ts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";
import { expectProblem, forgeToken } from "../helpers/problems.ts";

let api: TestApi;
let alice: AuthSession;

const email = () => `jeweler-${randomUUID()}@example.test`;

async function call(path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  return fetch(`${api.url}${path}`, { ...init, headers });
}



beforeAll(async () => {
  api = await startTestApi();
  alice = await createUser(email(), "correct horse battery");
});
afterAll(async () => {
  await api?.stop();
});

describe("health", () => {
  it("is public and reports each dependency", async () => {
    const response = await call("/v1/health");
    expect(response.status).toBe(200);
    const body = Health.parse(await response.json());
    expect(body).toMatchObject({ ok: true, checks: { store: "ok", blobs: "ok", redis: "ok", auth: "ok" } });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("answers 503 naming Redis when Redis is unreachable", async () => {
    const down = await startTestApi({ BEZ_REDIS_URL: "redis://127.0.0.1:1" });
    try {
      const response = await fetch(`${down.url}/v1/health`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, checks: { redis: "down", store: "ok", blobs: "ok" } });
    } finally {
      await down.stop();
    }
  });
});

describe("every response", () => {
  it("carries a request id and the API's security headers", async () => {
    const a = await call("/v1/health");
    const b = await call("/v1/health");
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(a.headers.get("x-powered-by")).toBeNull();
  });

  it("allows CORS from the configured web origin only", async () => {
    const allowed = await call("/v1/me", {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:3000", "access-control-request-method": "PATCH" },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:3000");
    expect(allowed.headers.get("access-control-allow-headers")).toContain("Authorization");
    const other = await call("/v1/me", { method: "OPTIONS", headers: { origin: "https://evil.example" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers an unknown path with 404 problem+json once authenticated", async () => {
    await expectProblem(await call("/v1/nope", { token: alice.idToken }), 404, "not-found");
  });
});

describe("authentication", () => {
  it("401s without a token", async () => {
    const response = await call("/v1/me");
    await expectProblem(response, 401, "unauthenticated");
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
  });

  it.each([
    ["not bearer", "Basic dXNlcjpwYXNz"],
    ["empty bearer", "Bearer "],
    ["garbage", "Bearer not.a.jwt"],
    ["bad characters", "Bearer <script>"],
  ])("401s a malformed header (%s)", async (_name, header) => {
    await expectProblem(await call("/v1/me", { headers: { authorization: header } }), 401, "unauthenticated");
  });

  it("401s an expired token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = forgeToken({
      iss: `https://securetoken.google.com/${api.config.projectId}`,
      aud: api.config.projectId,
      sub: alice.localId,
      user_id: alice.localId,
      auth_time: now - 7200,
      iat: now - 7200,
      exp: now - 3600,
    });
    const body = await expectProblem(await call("/v1/me", { token }), 401, "unauthenticated");
    expect(body.detail).toMatch(/expired/i);
  });

  it("401s a token for another project", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = forgeToken({
      iss: "https://securetoken.google.com/someone-else",
      aud: "someone-else",
      sub: alice.localId,
      auth_time: now,
      iat: now,
      exp: now + 3600,
    });
    await expectProblem(await call("/v1/me", { token }), 401, "unauthenticated");
  });

  it("401s a token after its sessions were revoked", async () => {
    const bob = await createUser(email(), "another good passphrase");
    expect((await call("/v1/me", { token: bob.idToken })).status).toBe(200);
    // Revocation is second-granular: tokens issued in the same second as the revocation stay valid.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { getAuth } = await import("firebase-admin/auth");
    const { initializeApp, deleteApp } = await import("firebase-admin/app");
    const admin = initializeApp({ projectId: api.config.projectId }, `revoker-${randomUUID()}`);
    try {
      await getAuth(admin).revokeRefreshTokens(bob.localId);
    } finally {
      await deleteApp(admin);
    }
    const body = await expectProblem(await call("/v1/me", { token: bob.idToken }), 401, "unauthenticated");
    expect(body.detail).toMatch(/revoked/i);
  });
});

describe("GET /v1/me", () => {
  it("creates the profile on the first call, audits account.created once, and returns the same profile after", async () => {
    const carol = await createUser(email(), "yet another passphrase");
    const [first, second] = await Promise.all([
      call("/v1/me", { token: carol.idToken }),
      call("/v1/me", { token: carol.idToken }),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const me = Me.parse(await first.json());
    expect(Me.parse(await second.json()).createdAt).toBe(me.createdAt);
    expect(me).toMatchObject({
      uid: carol.localId,
      role: "user",
      status: "active",
      displayName: null,
      settings: { ipLock: { enabled: false, cidrs: [] }, analytics: false },
      usage: { generationsToday: 0, dailyQuota: 200 },
      ageConfirmed: false,
      policy: null,
    });
    const events = await api.composition.deps.store.query({
      collection: "audit",
      where: [{ field: "target.id", op: "==", value: carol.localId }],
    });
    const created = events.docs.filter((d) => d.data.action === "account.created");
    expect(created).toHaveLength(1);
    expect(created[0]?.data).toMatchObject({
      actor: { uid: carol.localId, role: "user", via: "id-token" },
      outcome: "success",
      target: { type: "user", id: carol.localId },
    });
    expect(JSON.stringify(created[0]?.data)).not.toContain("@example.test");
  });
});

describe("PATCH /v1/me and consent", () => {
  it("corrects the display name and analytics setting", async () => {
    const response = await call("/v1/me", {
      method: "PATCH",
      token: alice.idToken,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ displayName: "  Atelier Noor  ", settings: { analytics: true } }),
    });
    expect(response.status).toBe(200);
    const me = Me.parse(await response.json());
    expect(me.displayName).toBe("Atelier Noor");
    expect(me.settings.analytics).toBe(true);
    const again = Me.parse(await (await call("/v1/me", { token: alice.idToken })).json());
    expect(again.displayName).toBe("Atelier Noor");
  });

  it("records the age confirmation and the accepted policy version", async () => {
    const response = await call("/v1/me/consent", {
      method: "POST",
      token: alice.idToken,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ageConfirmed: true, policyVersion: currentPolicyVersion }),
    });
    expect(response.status).toBe(200);
    const me = Me.parse(await response.json());
    expect(me.ageConfirmed).toBe(true);
    expect(me.policy?.version).toBe(currentPolicyVersion);
  });

  it("refuses consent without the age confirmation or for an old policy", async () => {
    for (const body of [{ ageConfirmed: false, policyVersion: currentPolicyVersion }, { ageConfirmed: true, policyVersion: "2020-01-01" }]) {
      const response = await call("/v1/me/consent", {
        method: "POST",
        token: alice.idToken,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      await expectProblem(response, 400, "invalid-request");
    }
  });

  const json = "application/json";
  const malformed: [string, string | undefined, string | Uint8Array, number, string][] = [
    ["displayName is a number", json, JSON.stringify({ displayName: 42 }), 400, "invalid-request"],
    ["displayName is null", json, JSON.stringify({ displayName: null }), 400, "invalid-request"],
    ["displayName is an object", json, JSON.stringify({ displayName: { first: "A" } }), 400, "invalid-request"],
    ["displayName is empty", json, JSON.stringify({ displayName: "   " }), 400, "invalid-request"],
    ["displayName is too long", json, JSON.stringify({ displayName: "a".repeat(81) }), 400, "invalid-request"],
    ["displayName has control characters", json, JSON.stringify({ displayName: "A\u0000B" }), 400, "invalid-request"],
    ["displayName has a bidi override", json, JSON.stringify({ displayName: "A\u202eB" }), 400, "invalid-request"],
    ["unknown top-level field", json, JSON.stringify({ displayName: "A", role: "admin" }), 400, "invalid-request"],
    ["unknown settings field", json, JSON.stringify({ settings: { ipLock: { enabled: true } } }), 400, "invalid-request"],
    ["analytics is a string", json, JSON.stringify({ settings: { analytics: "yes" } }), 400, "invalid-request"],
    ["settings is an array", json, JSON.stringify({ settings: [] }), 400, "invalid-request"],
    ["body is an array", json, JSON.stringify([{ displayName: "A" }]), 400, "invalid-request"],
    ["body is a string", json, JSON.stringify("displayName"), 400, "invalid-request"],
    ["body is null", json, "null", 400, "invalid-request"],
    ["__proto__ smuggling", json, '{"__proto__":{"role":"admin"},"displayName":"A"}', 400, "invalid-request"],
    ["invalid JSON", json, '{"displayName": "A",}', 400, "invalid-json"],
    ["empty body", json, "", 400, "invalid-json"],
    ["invalid UTF-8", json, new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400, "invalid-json"],
    ["huge string", json, JSON.stringify({ displayName: "x".repeat(2 * 1024 * 1024) }), 413, "payload-too-large"],
    ["wrong content type", "text/plain", JSON.stringify({ displayName: "A" }), 415, "unsupported-media-type"],
    ["form content type", "application/x-www-form-urlencoded", "displayName=A", 415, "unsupported-media-type"],
    ["no content type", undefined, JSON.stringify({ displayName: "A" }), 415, "unsupported-media-type"],
  ];

  it.each(malformed)("PATCH with %s → %i %s, never 5xx", async (_name, type, body, status, code) => {
    const headers: Record<string, string> = {};
    if (type) headers["content-type"] = type;
    const response = await call("/v1/me", { method: "PATCH", token: alice.idToken, headers, body });
    const problem = await expectProblem(response, status, code);
    if (code === "invalid-request") expect(problem.errors?.length).toBeGreaterThan(0);
  });

  it("left the profile unchanged after all the malformed bodies", async () => {
    const me = Me.parse(await (await call("/v1/me", { token: alice.idToken })).json());
    expect(me.displayName).toBe("Atelier Noor");
    expect(me.role).toBe("user");
  });
});
