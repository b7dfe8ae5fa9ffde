/** BEZ_AUDIT_KEY, BEZ_DELETION_SWEEP_SECONDS and BEZ_ERASURE_GRACE_SECONDS: parsed, required in production, named (never echoed) when malformed. */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../functions/src/config.ts";
import { devAuditKeyFile, loadOrCreateDevAuditKey } from "../../functions/src/adapters/key-ring/dev-secrets.ts";

const base = { BEZ_ENV: "local", BEZ_PROJECT_ID: "demo-bez", BEZ_DATA_DIR: "/tmp/bez", BEZ_REDIS_URL: "redis://127.0.0.1:6390" };
/** Production's settings; tests pass `secrets: []` so no secret is required. */
const production = {
  ...base,
  BEZ_ENV: "production",
  BEZ_STORAGE_BUCKET: "bez.example",
  BEZ_AUDIT_WITNESS_BUCKET: "bez-audit-witness",
  BEZ_PUBLIC_API_URL: "https://api.bez.example",
  BEZ_WEB_ORIGINS: "https://bez.example",
  BEZ_TRUSTED_PROXIES: "google-front-end",
};

describe("audit configuration", () => {
  it("parses the audit key and the sweep interval, with a one-minute default", () => {
    const key = randomBytes(32);
    const config = loadConfig({ ...base, BEZ_AUDIT_KEY: key.toString("base64url"), BEZ_DELETION_SWEEP_SECONDS: "15" });
    expect(Buffer.from(config.auditKey ?? []).equals(key)).toBe(true);
    expect(config.deletionSweepSeconds).toBe(15);
    expect(loadConfig(base).auditKey).toBeNull();
    expect(loadConfig(base).deletionSweepSeconds).toBe(60);
  });

  it("parses the erasure grace period: ten minutes by default in production, none locally, never negative", () => {
    expect(loadConfig(base).erasureGraceSeconds).toBe(0);
    expect(loadConfig(production, { secrets: [] }).erasureGraceSeconds).toBe(600);
    expect(loadConfig({ ...base, BEZ_ERASURE_GRACE_SECONDS: "30" }).erasureGraceSeconds).toBe(30);
    expect(loadConfig({ ...base, BEZ_ERASURE_GRACE_SECONDS: "0" }).erasureGraceSeconds).toBe(0);
    expect(() => loadConfig({ ...base, BEZ_ERASURE_GRACE_SECONDS: "-1" })).toThrow(/BEZ_ERASURE_GRACE_SECONDS/);
  });

  it("seals every five minutes in production (the schedule), every minute locally, and requires the witness bucket", () => {
    expect(loadConfig(production, { secrets: [] }).audit).toMatchObject({ digestSeconds: 300, witnessBucket: "bez-audit-witness" });
    expect(loadConfig(base).audit).toMatchObject({ digestSeconds: 60, witnessBucket: null });
    expect(loadConfig({ ...base, BEZ_AUDIT_DIGEST_SECONDS: "1" }).audit.digestSeconds).toBe(1);
    expect(() => loadConfig({ ...production, BEZ_AUDIT_DIGEST_SECONDS: "60" }, { secrets: [] })).toThrow(/BEZ_AUDIT_DIGEST_SECONDS: is fixed in production/);
    const { BEZ_AUDIT_WITNESS_BUCKET: _witness, ...withoutWitness } = production;
    expect(() => loadConfig(withoutWitness, { secrets: [] })).toThrow(/BEZ_AUDIT_WITNESS_BUCKET: is required in production/);
  });

  it("requires it in production", () => {
    expect(() => loadConfig({ ...base, BEZ_ENV: "production" })).toThrow(/BEZ_AUDIT_KEY: is required in production/);
  });

  it.each([randomBytes(16).toString("base64"), "not base64 %%%"])("names a malformed key without echoing it", (value) => {
    let message = "";
    try {
      loadConfig({ ...base, BEZ_AUDIT_KEY: value });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/BEZ_AUDIT_KEY: must be base64 of at least 32 random bytes/);
    expect(message).not.toContain(value);
  });

  it("generates a development key once into the data dir, private to its owner", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bez-audit-key-"));
    try {
      const first = await loadOrCreateDevAuditKey(dir);
      expect(first.length).toBe(32);
      expect(Buffer.from(await loadOrCreateDevAuditKey(dir)).equals(Buffer.from(first))).toBe(true);
      expect((await stat(join(dir, devAuditKeyFile))).mode & 0o077).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
