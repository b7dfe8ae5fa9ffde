import { afterEach, describe, expect, it, vi } from "vitest";
import { readWebConfig } from "../../web/src/env.ts";
import { WebConfigError, parseWebConfig } from "../../web/src/lib/web-config.ts";

const required = ["BEZ_API_URL", "BEZ_PROJECT_ID", "BEZ_FIREBASE_API_KEY", "BEZ_FIREBASE_AUTH_DOMAIN"] as const;

const production = {
  BEZ_ENV: "production",
  BEZ_API_URL: "https://api.bez.example/",
  BEZ_PROJECT_ID: "bez-prod",
  BEZ_FIREBASE_API_KEY: "AIzaNotARealKey",
  BEZ_FIREBASE_AUTH_DOMAIN: "bez-prod.firebaseapp.com",
  NODE_ENV: "production",
};

function failure(source: Record<string, string | undefined>): string {
  try {
    parseWebConfig(source);
  } catch (err) {
    expect(err).toBeInstanceOf(WebConfigError);
    return String(err);
  }
  return expect.unreachable("the configuration was accepted");
}

describe("web config in production", () => {
  it("loads a complete deploy's values", () => {
    const config = parseWebConfig(production);
    expect(config.public).toMatchObject({
      apiUrl: "https://api.bez.example",
      projectId: "bez-prod",
      firebaseApiKey: "AIzaNotARealKey",
      firebaseAuthDomain: "bez-prod.firebaseapp.com",
      authEmulatorHost: null,
    });
  });

  it("names every missing variable at once when nothing is set (BEZ_ENV defaults to production)", () => {
    const message = failure({ NODE_ENV: "production" });
    for (const name of required) expect(message).toMatch(new RegExp(`^\\s+${name}: is required in production$`, "m"));
    expect(message).toContain("BEZ_ENV=local");
  });

  it.each(required)("refuses to fall back to the local demo value of %s", (name) => {
    for (const missing of [undefined, "", "  "]) {
      const message = failure({ ...production, [name]: missing });
      expect(message).toMatch(new RegExp(`^\\s+${name}: is required in production$`, "m"));
      expect(message.trim().split("\n")).toHaveLength(2);
    }
  });

  it("refuses the Auth emulator and a plain-http API", () => {
    expect(failure({ ...production, BEZ_AUTH_EMULATOR_HOST: "127.0.0.1:9099" })).toMatch(/BEZ_AUTH_EMULATOR_HOST: must not be set in production/);
    expect(failure({ ...production, BEZ_API_URL: "http://api.bez.example" })).toMatch(/BEZ_API_URL: must be an https URL in production/);
  });

  it("reports a missing variable alongside a malformed one", () => {
    const message = failure({ ...production, BEZ_PROJECT_ID: "Not A Project", BEZ_FIREBASE_API_KEY: undefined });
    expect(message).toMatch(/BEZ_PROJECT_ID: must be a Firebase project id/);
    expect(message).toMatch(/BEZ_FIREBASE_API_KEY: is required in production/);
  });
});

describe("web config of analytics (PostHog) and Web Vitals (Axiom)", () => {
  it("has neither unless configured", () => {
    const config = parseWebConfig(production);
    expect(config.public.analytics).toBeNull();
    expect(config.public.vitals).toBe(false);
    expect(config.analyticsOrigins).toEqual([]);
    expect(config.axiom).toBeNull();
  });

  it("lists only PostHog's API host for the browser, and keeps Axiom's token on the server", () => {
    const config = parseWebConfig({ ...production, BEZ_POSTHOG_KEY: "phc_abcdefghijklmnop", AXIOM_TOKEN: "xaat-secret-token", AXIOM_DATASET: "bez-web" });
    expect(config.analyticsOrigins).toEqual(["https://eu.i.posthog.com"]);
    expect(config.axiom).toEqual({ ingestUrl: "https://api.axiom.co/v1/datasets/bez-web/ingest", token: "xaat-secret-token" });
    expect(config.public.vitals).toBe(true);
    expect(JSON.stringify(config.public)).not.toContain("xaat-secret-token");
  });

  it("wants both Axiom variables or neither, and https hosts in production", () => {
    expect(failure({ ...production, AXIOM_TOKEN: "xaat-secret-token" })).toMatch(/AXIOM_TOKEN, AXIOM_DATASET: set both/);
    expect(failure({ ...production, BEZ_POSTHOG_HOST: "http://posthog.example" })).toMatch(/BEZ_POSTHOG_HOST: must be an https URL in production/);
    expect(failure({ ...production, AXIOM_URL: "http://axiom.example" })).toMatch(/AXIOM_URL: must be an https URL in production/);
  });

  it("accepts plain-http stand-ins for the local stack and tests", () => {
    const config = parseWebConfig({ BEZ_ENV: "test", BEZ_POSTHOG_KEY: "phc_abcdefghijklmnop", BEZ_POSTHOG_HOST: "http://127.0.0.1:5001/", AXIOM_URL: "http://127.0.0.1:5002", AXIOM_TOKEN: "xaat-local-token", AXIOM_DATASET: "web" });
    expect(config.public.analytics).toEqual({ key: "phc_abcdefghijklmnop", host: "http://127.0.0.1:5001" });
    expect(config.axiom?.ingestUrl).toBe("http://127.0.0.1:5002/v1/datasets/web/ingest");
  });
});

describe("web config of the local stack", () => {
  it("keeps the demo defaults with BEZ_ENV=local", () => {
    const config = parseWebConfig({ BEZ_ENV: "local", BEZ_AUTH_EMULATOR_HOST: "127.0.0.1:9099" });
    expect(config.public).toMatchObject({ apiUrl: "http://127.0.0.1:8787", projectId: "demo-bez", firebaseApiKey: "demo-api-key" });
    expect(config.authEmulatorOrigin).toBe("http://127.0.0.1:9099");
  });
});

describe("the web env module (next.config.ts runs it, so `next build` and `next start` fail with it)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("reads the process environment and fails without the production variables, naming them", () => {
    vi.stubEnv("BEZ_ENV", "production");
    for (const name of required) vi.stubEnv(name, "");
    expect(() => readWebConfig()).toThrow(/BEZ_API_URL: is required in production[\s\S]*BEZ_FIREBASE_AUTH_DOMAIN: is required/);
  });

  it("loads with them", () => {
    for (const [name, value] of Object.entries(production)) vi.stubEnv(name, value);
    vi.stubEnv("BEZ_AUTH_EMULATOR_HOST", "");
    expect(readWebConfig().public.apiUrl).toBe("https://api.bez.example");
  });
});
