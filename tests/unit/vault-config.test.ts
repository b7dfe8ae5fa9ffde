/** The vault's configuration: BEZ_KEKS, BEZ_LINK_KEY, BEZ_PUBLIC_API_URL, and the development keys in BEZ_DATA_DIR. */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../functions/src/config.ts";
import { devKeksFile, devLinkKeyFile, loadOrCreateDevKeks, loadOrCreateDevLinkKey } from "../../functions/src/adapters/key-ring/dev-secrets.ts";

const base = {
  BEZ_ENV: "local",
  BEZ_PROJECT_ID: "demo-bez",
  BEZ_DATA_DIR: "/tmp/bez",
  BEZ_REDIS_URL: "redis://127.0.0.1:6390",
};
const production = {
  ...base,
  BEZ_ENV: "production",
  BEZ_DATA_DIR: undefined,
  BEZ_STORAGE_BUCKET: "b",
  BEZ_AUDIT_WITNESS_BUCKET: "bez-audit-witness",
  // Generation's own production requirements (tests/unit/generation-config.test.ts).
  REPLICATE_API_TOKEN: "r8_test",
  BEZ_PUBLIC_API_URL: "https://api.bez.example",
};
const k1 = randomBytes(32);
const k2 = randomBytes(32);
const link = randomBytes(32);

describe("vault configuration", () => {
  it("parses KEKs newest first, a link key and a public URL", () => {
    const config = loadConfig({
      ...base,
      BEZ_KEKS: `kek-2026:${k2.toString("base64")}, kek-2025:${k1.toString("base64url")}`,
      BEZ_LINK_KEY: link.toString("base64"),
      BEZ_PUBLIC_API_URL: "https://api.bez.example/",
    });
    expect(config.keks?.map((k) => k.id)).toEqual(["kek-2026", "kek-2025"]);
    expect(Buffer.from(config.keks?.[1]?.key ?? []).equals(k1)).toBe(true);
    expect(Buffer.from(config.linkKey ?? []).equals(link)).toBe(true);
    expect(config.publicApiUrl).toBe("https://api.bez.example");
  });

  it("leaves them unset locally (the development key ring is used) but requires them in production", () => {
    expect(loadConfig(base).keks).toBeNull();
    expect(loadConfig(base).linkKey).toBeNull();
    expect(() => loadConfig(production)).toThrow(/BEZ_KEKS: is required in production/);
    expect(() => loadConfig(production)).toThrow(/BEZ_LINK_KEY: is required in production/);
    // With both set, neither is named any more (other production variables may still be asked for).
    let problems = "";
    try {
      loadConfig({ ...production, BEZ_KEKS: `p1:${k1.toString("base64")}`, BEZ_LINK_KEY: link.toString("base64") });
    } catch (error) {
      problems = String(error);
    }
    expect(problems).not.toMatch(/BEZ_KEKS|BEZ_LINK_KEY/);
  });

  it.each([
    ["BEZ_KEKS", `kek:${randomBytes(16).toString("base64")}`],
    ["BEZ_KEKS", `kek ${k1.toString("base64")}`],
    ["BEZ_KEKS", `a:${k1.toString("base64")},a:${k2.toString("base64")}`],
    ["BEZ_KEKS", `a:${k1.toString("base64")},`],
    ["BEZ_KEKS", `bad id!:${k1.toString("base64")}`],
    ["BEZ_LINK_KEY", randomBytes(16).toString("base64")],
    ["BEZ_LINK_KEY", "not base64 at all %%%"],
    ["BEZ_PUBLIC_API_URL", "ftp://api"],
  ])("names %s when malformed, without echoing it", (name, value) => {
    let thrown: unknown;
    try {
      loadConfig({ ...base, [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect(String(thrown)).toMatch(new RegExp(`\\b${name}\\b`));
    const secretPart = value.split(/[:,\s]/).find((part) => part.length >= 16) ?? value;
    expect(String(thrown)).not.toContain(secretPart);
  });
});

describe("development keys in BEZ_DATA_DIR", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bez-devkeys-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("are created once with mode 0600 and reused, even by concurrent starts", async () => {
    const [a, b] = await Promise.all([loadOrCreateDevKeks(dir), loadOrCreateDevKeks(dir)]);
    expect(a).toHaveLength(1);
    expect(Buffer.from(a[0]?.key ?? []).equals(Buffer.from(b[0]?.key ?? []))).toBe(true);
    expect(a[0]?.key).toHaveLength(32);
    const again = await loadOrCreateDevKeks(dir);
    expect(again[0]?.id).toBe(a[0]?.id);

    const linkKey = await loadOrCreateDevLinkKey(dir);
    expect(Buffer.from(await loadOrCreateDevLinkKey(dir)).equals(Buffer.from(linkKey))).toBe(true);
    for (const file of [devKeksFile, devLinkKeyFile]) expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
  });
});
