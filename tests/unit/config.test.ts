import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../functions/src/config.ts";

const valid = {
  BEZ_ENV: "local",
  BEZ_PROJECT_ID: "demo-bez",
  BEZ_DATA_DIR: "/tmp/bez",
  BEZ_REDIS_URL: "redis://127.0.0.1:6390",
  BEZ_WEB_ORIGINS: "http://127.0.0.1:3000, http://localhost:3000",
  BEZ_TRUSTED_PROXIES: "10.0.0.0/8,2001:db8::/32",
};

describe("API config", () => {
  it("parses a valid local environment", () => {
    const config = loadConfig(valid);
    expect(config.env).toBe("local");
    expect(config.api).toEqual({ host: "127.0.0.1", port: 8787 });
    expect(config.webOrigins).toEqual(["http://127.0.0.1:3000", "http://localhost:3000"]);
    expect(config.trustedProxies).toEqual(["10.0.0.0/8", "2001:db8::/32"]);
    expect(config.limits.dailyImages.limit).toBe(200);
    expect(config.limits.generations).toEqual({ name: "generations", limit: 10, windowSeconds: 60 });
  });

  it.each([
    ["BEZ_REDIS_URL", { BEZ_REDIS_URL: undefined }],
    ["BEZ_REDIS_URL", { BEZ_REDIS_URL: "http://nope" }],
    ["BEZ_API_PORT", { BEZ_API_PORT: "70000" }],
    ["BEZ_DATA_DIR", { BEZ_DATA_DIR: undefined }],
    ["BEZ_PROJECT_ID", { BEZ_PROJECT_ID: undefined }],
    ["BEZ_TRUSTED_PROXIES", { BEZ_TRUSTED_PROXIES: "10.0.0.0/33" }],
    ["BEZ_WEB_ORIGINS", { BEZ_WEB_ORIGINS: "javascript:alert(1)" }],
    ["FIREBASE_AUTH_EMULATOR_HOST", { BEZ_ENV: "production", BEZ_STORAGE_BUCKET: "b", FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099" }],
    ["BEZ_STORAGE_BUCKET", { BEZ_ENV: "production" }],
    ["BEZ_RATE_LIMITS", { BEZ_RATE_LIMITS: "{not json" }],
    ["BEZ_RATE_LIMITS", { BEZ_RATE_LIMITS: '{"generations":{"limit":0,"windowSeconds":60}}' }],
    ["BEZ_RATE_LIMITS", { BEZ_RATE_LIMITS: '{"nonsense":{"limit":1,"windowSeconds":60}}' }],
  ])("names %s when it is missing or malformed", (name, change) => {
    const env = { ...valid, ...change };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it("applies rate-limit overrides over the policy table", () => {
    const config = loadConfig({ ...valid, BEZ_RATE_LIMITS: '{"public":{"limit":20,"windowSeconds":10}}', BEZ_DAILY_QUOTA: "50" });
    expect(config.limits.public).toEqual({ name: "public", limit: 20, windowSeconds: 10 });
    expect(config.limits.account.limit).toBe(600);
    expect(config.limits.dailyImages.limit).toBe(50);
  });

  it("never echoes a variable's value (it may be a secret)", () => {
    const secretish = "redis://:hunter2@nowhere:notaport";
    try {
      loadConfig({ ...valid, BEZ_REDIS_URL: "x", BEZ_API_PORT: secretish });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toContain("hunter2");
    }
  });
});
