import { describe, expect, it } from "vitest";
import { ConfigError, type SecretName, loadConfig, secretNames } from "../../functions/src/config.ts";

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
    ["BEZ_TRUSTED_PROXIES", { BEZ_TRUSTED_PROXIES: "google-front-end,10.0.0.0/8" }],
    ["BEZ_TRUSTED_PROXIES", { BEZ_TRUSTED_PROXIES: "google-frontend" }],
    ["BEZ_WEB_ORIGINS", { BEZ_WEB_ORIGINS: '["https://a.example", 3]' }],
    ["BEZ_WEB_ORIGINS", { BEZ_WEB_ORIGINS: "[not json" }],
    ["BEZ_RATE_LIMITS", { BEZ_RATE_LIMITS: "{not json" }],
    ["BEZ_RATE_LIMITS", { BEZ_RATE_LIMITS: '{"generations":{"limit":0,"windowSeconds":60}}' }],
    ["BEZ_RATE_LIMITS", { BEZ_RATE_LIMITS: '{"nonsense":{"limit":1,"windowSeconds":60}}' }],
    ["AXIOM_DATASET", { AXIOM_TOKEN: "xaat-1" }],
    ["AXIOM_DATASET", { AXIOM_TOKEN: "xaat-1", AXIOM_DATASET: "bez logs" }],
    ["AXIOM_URL", { AXIOM_TOKEN: "xaat-1", AXIOM_DATASET: "bez", AXIOM_URL: "ftp://axiom.example" }],
    ["AXIOM_URL", { AXIOM_URL: "https://api.eu.axiom.co" }],
  ])("names %s when it is missing or malformed", (name, change) => {
    const env = { ...valid, ...change };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it("ships logs to Axiom only with a token and a dataset; AXIOM_URL is optional", () => {
    expect(loadConfig(valid).axiom).toBeNull();
    expect(loadConfig({ ...valid, AXIOM_TOKEN: "xaat-1", AXIOM_DATASET: "bez" }).axiom).toEqual({ token: "xaat-1", dataset: "bez", url: null });
    // The deploy param's default dataset without the secret (an emulator run) ships nothing.
    expect(loadConfig({ ...valid, AXIOM_DATASET: "bez-api" }).axiom).toBeNull();
    expect(loadConfig({ ...valid, AXIOM_TOKEN: "xaat-1", AXIOM_DATASET: "bez", AXIOM_URL: "http://127.0.0.1:8789/" }).axiom?.url).toBe("http://127.0.0.1:8789");
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

  it("reads list settings as comma-separated or as the JSON array a deployed list param becomes", () => {
    const config = loadConfig({ ...valid, BEZ_WEB_ORIGINS: '["https://bez.example", "https://bez-git-main-team.vercel.app"]', BEZ_TRUSTED_PROXIES: '["10.0.0.0/8"]' });
    expect(config.webOrigins).toEqual(["https://bez.example", "https://bez-git-main-team.vercel.app"]);
    expect(config.trustedProxies).toEqual(["10.0.0.0/8"]);
    expect(loadConfig({ ...valid, BEZ_TRUSTED_PROXIES: "google-front-end" }).trustedProxies).toBe("google-front-end");
    expect(loadConfig({ ...valid, BEZ_TRUSTED_PROXIES: '["google-front-end"]' }).trustedProxies).toBe("google-front-end");
  });
});

describe("API config in production", () => {
  const key = Buffer.alloc(32, 9).toString("base64");
  const secrets: Record<SecretName, string> = {
    BEZ_KEKS: `k1:${key}`,
    BEZ_LINK_KEY: key,
    BEZ_AUDIT_KEY: key,
    REPLICATE_API_TOKEN: "r8_not-a-real-token",
    BEZ_SMTP_URL: "smtps://mailer:hunter2@mail.example:465",
    BEZ_REDIS_URL: "rediss://default:hunter2@redis.example:6380",
    AXIOM_TOKEN: "xaat-not-a-real-token",
  };
  const settings = {
    BEZ_ENV: "production",
    GCLOUD_PROJECT: "bez-prod",
    BEZ_STORAGE_BUCKET: "bez-prod.firebasestorage.app",
    BEZ_AUDIT_WITNESS_BUCKET: "bez-prod-audit-witness",
    BEZ_PUBLIC_API_URL: "https://api.bez.example",
    BEZ_WEB_ORIGINS: "https://bez.example",
    BEZ_TRUSTED_PROXIES: "google-front-end",
  };
  // The dataset is a deploy param with a default, so never missing.
  const production = { ...settings, ...secrets, AXIOM_DATASET: "bez-api" };

  it("loads with every secret and setting, and never falls back to loopback or development values", () => {
    const config = loadConfig(production);
    expect(config.env).toBe("production");
    expect(config.dataDir).toBeNull();
    expect(config.webOrigins).toEqual(["https://bez.example"]);
    expect(config.trustedProxies).toBe("google-front-end");
    expect(config.generation.callbackBaseUrl).toBe("https://api.bez.example");
    expect(config.model?.baseUrl).toBe("https://api.replicate.com/v1");
    expect(config.keks?.map((k) => k.id)).toEqual(["k1"]);
  });

  it.each([...secretNames, ...Object.keys(settings).filter((name) => !["BEZ_ENV", "GCLOUD_PROJECT"].includes(name))])(
    "fails fast naming %s when it is missing, without quoting any value",
    (name) => {
      let message = "";
      try {
        loadConfig({ ...production, [name]: undefined });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        message = String(err);
      }
      expect(message).toMatch(new RegExp(`^\\s+${name}: .*required in production`, "m"));
      // Only the missing variable is reported.
      expect(message.trim().split("\n")).toHaveLength(2);
      expect(message).not.toContain("hunter2");
      expect(message).not.toContain(key);
    },
  );

  it("reports an empty list setting as missing", () => {
    expect(() => loadConfig({ ...production, BEZ_WEB_ORIGINS: " , " })).toThrow(/BEZ_WEB_ORIGINS: is required in production/);
    expect(() => loadConfig({ ...production, BEZ_TRUSTED_PROXIES: "[]" })).toThrow(/BEZ_TRUSTED_PROXIES: is required in production/);
  });

  it("requires only the secrets the function is bound to", () => {
    const auditOnly = { ...settings, BEZ_AUDIT_KEY: key };
    const config = loadConfig(auditOnly, { secrets: ["BEZ_AUDIT_KEY"] });
    expect(config.auditKey).not.toBeNull();
    expect(config.keks).toBeNull();
    expect(config.model).toBeNull();
    expect(config.mail.smtpUrl).toBeNull();
    expect(config.redisUrl).toBeNull();
    expect(() => loadConfig(settings, { secrets: ["BEZ_AUDIT_KEY"] })).toThrow(/BEZ_AUDIT_KEY: is required in production/);
    // Without a list of bound secrets (the API), every secret is required.
    expect(() => loadConfig(auditOnly)).toThrow(/BEZ_KEKS: is required in production/);
  });

  it("still validates a secret's shape without echoing it", () => {
    expect(() => loadConfig({ ...production, BEZ_AUDIT_KEY: "hunter2" })).toThrow(/BEZ_AUDIT_KEY: must be base64/);
    expect(() => loadConfig({ ...production, BEZ_AUDIT_KEY: "hunter2" })).not.toThrow(/hunter2/);
  });
});
