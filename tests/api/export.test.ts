/**
 * GET /v1/me/export against the real app: the archive round-trips (every image equals what the API serves, prompts
 * decrypted, the user's own audit events), it is ID-token only and limited to 3 a day, and a 500 MB export streams
 * through an API child process whose peak memory stays under 250 MB.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditEvent, Generation, ImageRecord, Me, Problem } from "@bez/contracts";
import { compose } from "../../functions/src/compose.ts";
import { loadConfig } from "../../functions/src/config.ts";
import { ensureProfile } from "../../functions/src/core/accounts/profile.ts";
import { createUser } from "../helpers/auth-emulator-client.ts";
import { startTestApi, testEnv, type TestApi } from "../helpers/api-server.ts";
import { startApiProcess } from "../helpers/api-process.ts";
import { selectTestStore } from "../helpers/test-store.ts";
import { contextFor, seedGenerations, seedImages, seedRawImages } from "../helpers/accounts.ts";
import { readZip } from "../helpers/zip.ts";
import { swatch } from "../helpers/images.ts";

let api: TestApi;

const email = () => `jeweler-${randomUUID()}@example.test`;

async function call(path: string, token: string) {
  return fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

describe("GET /v1/me/export", () => {
  it("holds the profile, decrypted prompts, every image as served, tokens and the user's own activity", { timeout: 60_000 }, async () => {
    const user = await createUser(email(), "correct horse battery");
    const deps = api.composition.deps;
    expect((await call("/v1/me", user.idToken)).status).toBe(200);
    const imageIds = await seedImages(deps, user.localId, 12, 48);
    const prompts = await seedGenerations(deps, user.localId, 5);
    const upload = await fetch(`${api.url}/v1/images`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.idToken}`, "content-type": "image/jpeg" },
      body: new Uint8Array(await swatch(64, 40).jpeg().toBuffer()),
    });
    imageIds.push(ImageRecord.parse(await upload.json()).id);

    const response = await call("/v1/me/export", user.idToken);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="bez-export-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("ratelimit-policy")).toBe('"exports";q=3;w=86400');
    const zip = readZip(Buffer.from(await response.arrayBuffer()));

    const profile = Me.parse(JSON.parse(zip.get("profile.json")?.toString() ?? "null"));
    expect(profile.uid).toBe(user.localId);

    const generations = Generation.array().parse(JSON.parse(zip.get("generations.json")?.toString() ?? "null"));
    expect(new Map(generations.map((g) => [g.id, g.prompt]))).toEqual(prompts);

    const records = ImageRecord.array().parse(JSON.parse(zip.get("images.json")?.toString() ?? "null"));
    expect(records.map((r) => r.id).sort()).toEqual([...imageIds].sort());
    for (const record of records) {
      const extension = record.format === "jpeg" ? "jpg" : record.format;
      const inZip = zip.get(`images/${record.id}.${extension}`);
      const served = Buffer.from(await (await call(`/v1/images/${record.id}/content`, user.idToken)).arrayBuffer());
      expect(inZip?.equals(served), record.id).toBe(true);
      expect(served.length).toBe(record.bytes);
    }

    const activity = AuditEvent.array().parse(JSON.parse(zip.get("activity.json")?.toString() ?? "null"));
    expect(activity.map((e) => e.action)).toContain("account.created");
    expect(activity.every((e) => e.actor.uid === user.localId || e.target.id === user.localId)).toBe(true);
    expect(JSON.parse(zip.get("tokens.json")?.toString() ?? "null")).toEqual([]);

    const page = await deps.store.query({ collection: "audit", where: [{ field: "action", op: "==", value: "account.exported" }], limit: 100 });
    expect(page.docs.some((d) => (d.data.actor as { uid: string }).uid === user.localId && d.data.outcome === "success")).toBe(true);
  });

  it("names a staff actor in activity.json by role only, never by uid or IP", async () => {
    const user = await createUser(email(), "correct horse battery");
    expect((await call("/v1/me", user.idToken)).status).toBe(200);
    const staffUid = `staff${randomUUID().replaceAll("-", "")}`;
    const staffIp = "198.51.100.77";
    await api.composition.deps.audit.record({
      actor: { uid: staffUid, role: "support", via: "id-token" },
      action: "admin.user_viewed",
      target: { type: "user", id: user.localId },
      outcome: "success",
      requestId: "staff-request",
      ip: staffIp,
    });
    const response = await call("/v1/me/export", user.idToken);
    expect(response.status).toBe(200);
    const text = readZip(Buffer.from(await response.arrayBuffer())).get("activity.json")?.toString() ?? "null";
    const activity = AuditEvent.array().parse(JSON.parse(text));
    const viewed = activity.find((e) => e.action === "admin.user_viewed");
    expect(viewed?.actor).toEqual({ uid: null, role: "support", via: "id-token" });
    expect(viewed?.ip).toBeUndefined();
    expect(text).not.toContain(staffUid);
    expect(text).not.toContain(staffIp);
    expect(activity.find((e) => e.action === "account.created")?.actor.uid).toBe(user.localId);
  });

  it("allows three exports a day", async () => {
    const user = await createUser(email(), "correct horse battery");
    for (let i = 0; i < 3; i++) {
      const response = await call("/v1/me/export", user.idToken);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    const refused = await call("/v1/me/export", user.idToken);
    expect(refused.status).toBe(429);
    expect(Problem.parse(await refused.json()).code).toBe("quota-exceeded");
  });

  it("streams 500 MB of images with the API's peak memory under 250 MB", { timeout: 300_000 }, async () => {
    const user = await createUser(email(), "correct horse battery");
    const dataDir = await mkdtemp(join(tmpdir(), "bez-export-"));
    const env = testEnv();
    const store = selectTestStore(env.projectId);
    try {
      // The account is prepared in this process, then served by a child whose memory is measured alone.
      const prep = await compose(
        loadConfig({
          BEZ_ENV: "test",
          BEZ_PROJECT_ID: env.projectId,
          BEZ_DATA_DIR: dataDir,
          BEZ_REDIS_URL: env.redisUrl,
          FIREBASE_AUTH_EMULATOR_HOST: env.authHost,
          BEZ_LOG_LEVEL: "silent",
          ...store.env,
        }),
      );
      const imageBytes = 5 * 1024 * 1024;
      const images = 100;
      try {
        await ensureProfile(prep.deps, contextFor(user.localId));
        await seedRawImages(prep.deps, user.localId, images, imageBytes);
      } finally {
        await prep.close();
      }

      // As deployed: one bundle, no tsx (whose compiler alone holds about 50 MB).
      const child = await startApiProcess({ dataDir, bundled: true, store });
      try {
        const before = await child.peakRssMiB();
        const response = await fetch(`${child.url}/v1/me/export`, { headers: { authorization: `Bearer ${user.idToken}` } });
        expect(response.status).toBe(200);
        let received = 0;
        // Read slowly at first, so a server that ignored backpressure would have to hold what it cannot send.
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received += value.length;
          if (received < 100 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 1));
        }
        expect(received).toBeGreaterThan(images * imageBytes);
        const peak = await child.peakRssMiB();
        expect(peak, `peak RSS ${peak.toFixed(0)} MiB (at start ${before.toFixed(0)} MiB)`).toBeLessThan(250);
      } finally {
        await child.stop();
      }
    } finally {
      await store.clear();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
