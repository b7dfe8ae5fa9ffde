/** The generation side of the API's configuration: which model service, the callback address, the timings. */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../functions/src/config.ts";

const local = { BEZ_ENV: "local", BEZ_PROJECT_ID: "demo-bez", BEZ_DATA_DIR: "/tmp/bez", BEZ_REDIS_URL: "redis://127.0.0.1:6390" };
const production = {
  BEZ_ENV: "production",
  BEZ_PROJECT_ID: "bez-prod",
  BEZ_REDIS_URL: "rediss://redis.example:6380",
  BEZ_STORAGE_BUCKET: "bez-prod-blobs",
  BEZ_AUDIT_WITNESS_BUCKET: "bez-audit-witness",
  BEZ_KEKS: `k1:${Buffer.alloc(32, 1).toString("base64")}`,
  BEZ_LINK_KEY: Buffer.alloc(32, 2).toString("base64"),
  BEZ_AUDIT_KEY: Buffer.alloc(32, 3).toString("base64"),
  BEZ_PUBLIC_API_URL: "https://api.bez.example",
  REPLICATE_API_TOKEN: "r8_test",
  AXIOM_TOKEN: "xaat-test",
  AXIOM_DATASET: "bez-api",
  BEZ_SMTP_URL: "smtps://notices:secret@smtp.example:465",
  BEZ_WEB_ORIGINS: "https://bez.example",
  BEZ_TRUSTED_PROXIES: "google-front-end",
};

describe("generation configuration", () => {
  it("has no model service and loopback callbacks by default locally, with the documented timings", () => {
    const config = loadConfig({ ...local, BEZ_API_PORT: "8790" });
    expect(config.model).toBeNull();
    expect(config.generation).toEqual({
      callbackBaseUrl: "http://127.0.0.1:8790",
      deadlineSeconds: 600,
      reconcileQuietSeconds: 60,
      reconcileIntervalSeconds: 30,
    });
  });

  it("uses the local Replicate-compatible server: its host is the only output host, over http", () => {
    const config = loadConfig({ ...local, BEZ_REPLICATE_URL: "http://127.0.0.1:8788/v1", BEZ_REPLICATE_TOKEN: "local-token" });
    expect(config.model).toEqual({ baseUrl: "http://127.0.0.1:8788/v1", token: "local-token", outputHosts: ["127.0.0.1"], allowHttpOutputs: true });
  });

  it("uses the real Replicate with REPLICATE_API_TOKEN: outputs only from replicate.delivery over https", () => {
    const config = loadConfig(production);
    expect(config.model).toEqual({ baseUrl: "https://api.replicate.com/v1", token: "r8_test", outputHosts: ["replicate.delivery"], allowHttpOutputs: false });
    expect(config.generation.callbackBaseUrl).toBe("https://api.bez.example");
  });

  it.each([
    ["BEZ_REPLICATE_TOKEN", { ...local, BEZ_REPLICATE_URL: "http://127.0.0.1:8788/v1" }],
    ["BEZ_REPLICATE_URL", { ...local, BEZ_REPLICATE_URL: "http://127.0.0.1:8788", BEZ_REPLICATE_TOKEN: "t" }],
    ["BEZ_REPLICATE_URL", { ...local, BEZ_REPLICATE_URL: "http://127.0.0.1:8788/v1", BEZ_REPLICATE_TOKEN: "t", REPLICATE_API_TOKEN: "r8" }],
    ["BEZ_REPLICATE_URL", { ...production, REPLICATE_API_TOKEN: undefined, BEZ_REPLICATE_URL: "http://x/v1", BEZ_REPLICATE_TOKEN: "t" }],
    ["REPLICATE_API_TOKEN", { ...production, REPLICATE_API_TOKEN: undefined }],
    ["BEZ_PUBLIC_API_URL", { ...production, BEZ_PUBLIC_API_URL: undefined }],
    ["BEZ_SMTP_URL", { ...production, BEZ_SMTP_URL: undefined }],
    ["BEZ_GENERATION_DEADLINE_SECONDS", { ...local, BEZ_GENERATION_DEADLINE_SECONDS: "soon" }],
    ["BEZ_RECONCILE_QUIET_SECONDS", { ...local, BEZ_RECONCILE_QUIET_SECONDS: "0" }],
    ["BEZ_RECONCILE_INTERVAL_SECONDS", { ...local, BEZ_RECONCILE_INTERVAL_SECONDS: "-5" }],
  ])("names %s when it is missing, malformed or contradictory", (name, env) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it("never echoes a model token", () => {
    try {
      loadConfig({ ...local, BEZ_REPLICATE_URL: "http://127.0.0.1:1/v1", BEZ_REPLICATE_TOKEN: "s3cret-token", REPLICATE_API_TOKEN: "r8_s3cret" });
      expect.unreachable();
    } catch (err) {
      expect(String(err)).not.toMatch(/s3cret/);
    }
  });
});
