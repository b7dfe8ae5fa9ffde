/**
 * Parsing and validation of the web app's environment. Pure (it reads nothing itself): src/env.ts feeds it
 * process.env, tests can feed it anything.
 *
 * BEZ_ENV=production (the default, as for the API) means a real deploy: the API address and the Firebase project must
 * be given, never the local demo values, and no Auth emulator. The local stack passes BEZ_ENV=local.
 */
import { z } from "zod";
import type { PublicConfig } from "./public-config.ts";

/** An unset variable and an empty one mean the same: use the default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

const hostPort = z
  .string()
  .regex(/^(?:[\w.-]+|\[[0-9a-fA-F:]+\]):\d{1,5}$/, "must be host:port, e.g. 127.0.0.1:9099");

const EnvSchema = z.object({
  BEZ_ENV: optional(z.enum(["local", "test", "production"]).default("production")),
  BEZ_API_URL: optional(
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. http://127.0.0.1:8787" })
      .default("http://127.0.0.1:8787"),
  ),
  BEZ_PROJECT_ID: optional(z.string().regex(/^[a-z0-9-]{3,40}$/, "must be a Firebase project id").default("demo-bez")),
  BEZ_AUTH_EMULATOR_HOST: optional(hostPort.optional()),
  BEZ_FIREBASE_API_KEY: optional(z.string().min(1).default("demo-api-key")),
  BEZ_FIREBASE_AUTH_DOMAIN: optional(
    z
      .string()
      .regex(/^[a-z0-9.-]+(?::\d{1,5})?$/i, "must be a host name, e.g. my-project.firebaseapp.com")
      .optional(),
  ),
  /** PostHog project key. Unset: no analytics code is ever loaded, whatever anyone consents to. */
  BEZ_POSTHOG_KEY: optional(z.string().regex(/^phc_[A-Za-z0-9]{10,80}$/, "must be a PostHog project key (phc_…)").optional()),
  BEZ_POSTHOG_HOST: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://eu.i.posthog.com" }).default("https://eu.i.posthog.com"),
  ),
  /**
   * Axiom, for Web Vitals. The token stays on the server: browsers post to this app's /vitals relay, which forwards to
   * Axiom's ingest API. Both token and dataset unset: no vitals code is ever loaded.
   */
  AXIOM_TOKEN: optional(z.string().min(8, "must be an Axiom API token with ingest permission").optional()),
  AXIOM_DATASET: optional(z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, "must be an Axiom dataset name").optional()),
  AXIOM_URL: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. https://api.axiom.co" }).default("https://api.axiom.co"),
  ),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
});

export interface WebConfig {
  public: PublicConfig;
  /** Origin of the API (scheme://host:port), for connect-src. */
  apiOrigin: string;
  /** `http://host:port` of the Auth emulator, or null in production. */
  authEmulatorOrigin: string | null;
  /** PostHog's API origin when a key is configured (for connect-src), else empty. */
  analyticsOrigins: string[];
  /** Where the /vitals relay forwards Web Vitals; null when Axiom is not configured. Server-only: holds the token. */
  axiom: { ingestUrl: string; token: string } | null;
  isDev: boolean;
}

export class WebConfigError extends Error {
  override name = "WebConfigError";
}

/** What a production deploy must set itself: the defaults above are the local stack's demo values. */
const requiredInProduction = ["BEZ_API_URL", "BEZ_PROJECT_ID", "BEZ_FIREBASE_API_KEY", "BEZ_FIREBASE_AUTH_DOMAIN"] as const;

const isBlank = (value: string | undefined) => value === undefined || value.trim() === "";

export function parseWebConfig(source: Record<string, string | undefined>): WebConfig {
  const parsed = EnvSchema.safeParse(source);
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `  ${String(i.path[0] ?? "?")}: ${i.message}`);
  // Checked on the raw values, so one run names every problem, even alongside a malformed variable.
  if (isBlank(source.BEZ_ENV) || source.BEZ_ENV?.trim() === "production") {
    for (const name of requiredInProduction) if (isBlank(source[name])) lines.push(`  ${name}: is required in production`);
    if (!isBlank(source.BEZ_AUTH_EMULATOR_HOST)) lines.push("  BEZ_AUTH_EMULATOR_HOST: must not be set in production");
    // Plain http is for local stand-ins only.
    for (const name of ["BEZ_API_URL", "BEZ_POSTHOG_HOST", "AXIOM_URL"] as const) {
      if (parsed.success && !isBlank(source[name]) && new URL(parsed.data[name]).protocol !== "https:") {
        lines.push(`  ${name}: must be an https URL in production`);
      }
    }
  }
  if (isBlank(source.AXIOM_TOKEN) !== isBlank(source.AXIOM_DATASET)) {
    lines.push("  AXIOM_TOKEN, AXIOM_DATASET: set both (Web Vitals go to Axiom) or neither");
  }
  if (!parsed.success || lines.length > 0) {
    throw new WebConfigError(
      `Invalid Bez web configuration (set BEZ_ENV=local for the local demo values):\n${lines.join("\n")}`,
    );
  }
  const env = parsed.data;
  const apiUrl = env.BEZ_API_URL.replace(/\/+$/, "");
  const emulatorHost = env.BEZ_AUTH_EMULATOR_HOST ?? null;
  const axiom =
    env.AXIOM_TOKEN && env.AXIOM_DATASET
      ? {
          ingestUrl: `${env.AXIOM_URL.replace(/\/+$/, "")}/v1/datasets/${encodeURIComponent(env.AXIOM_DATASET)}/ingest`,
          token: env.AXIOM_TOKEN,
        }
      : null;
  return {
    public: {
      apiUrl,
      projectId: env.BEZ_PROJECT_ID,
      authEmulatorHost: emulatorHost,
      firebaseApiKey: env.BEZ_FIREBASE_API_KEY,
      firebaseAuthDomain: env.BEZ_FIREBASE_AUTH_DOMAIN ?? null,
      analytics: env.BEZ_POSTHOG_KEY ? { key: env.BEZ_POSTHOG_KEY, host: env.BEZ_POSTHOG_HOST.replace(/\/+$/, "") } : null,
      vitals: axiom !== null,
    },
    apiOrigin: new URL(apiUrl).origin,
    authEmulatorOrigin: emulatorHost ? `http://${emulatorHost}` : null,
    // posthog-js is bundled (its no-external build loads no script from anywhere), so only its API host is contacted.
    analyticsOrigins: env.BEZ_POSTHOG_KEY ? [new URL(env.BEZ_POSTHOG_HOST).origin] : [],
    axiom,
    isDev: env.NODE_ENV === "development",
  };
}
