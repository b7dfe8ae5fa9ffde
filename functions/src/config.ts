/**
 * The one place in functions/ that reads the environment. Validated with zod; a missing or malformed
 * variable stops start-up with a message naming it (never its value: some are secrets).
 */
import { z } from "zod";
import { isValidCidrOrIp } from "./core/net/cidr.ts";
import { type LimitPolicies, defaultPolicies, ratePolicyNames } from "./core/limits/policies.ts";
import pkg from "../package.json" with { type: "json" };

/**
 * A list setting: comma-separated (the local stack, .env files) or a JSON array of strings, which is how a deployed
 * `defineList` param reaches the runtime (firebase-tools serialises list params as JSON).
 */
const csv = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const text = (v ?? "").trim();
    if (!text.startsWith("[")) {
      return text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!Array.isArray(parsed) || !parsed.every((s): s is string => typeof s === "string")) {
      ctx.addIssue({ code: "custom", message: "must be comma-separated or a JSON array of strings" });
      return z.NEVER;
    }
    return parsed.map((s) => s.trim()).filter(Boolean);
  });

/** The secrets of a deploy (Cloud Secret Manager; functions/src/index.ts binds each function only to those it uses). */
export const secretNames = ["BEZ_KEKS", "BEZ_LINK_KEY", "BEZ_AUDIT_KEY", "REPLICATE_API_TOKEN", "BEZ_SMTP_URL", "BEZ_REDIS_URL", "AXIOM_TOKEN"] as const;
export type SecretName = (typeof secretNames)[number];

/** `BEZ_TRUSTED_PROXIES=google-front-end`: believe exactly the last X-Forwarded-For hop (see http/client-ip.ts). */
const googleFrontEnd = "google-front-end";

const port = z.coerce.number().int().min(1).max(65535);
const seconds = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** A base64 (or base64url) secret of at least `bytes` bytes; problems are reported without quoting the value. */
const decodeKey = (text: string, bytes: number): Buffer | null => {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const key = Buffer.from(text, "base64");
  return key.length >= bytes ? key : null;
};

/** `BEZ_KEKS`: comma-separated `<id>:<base64 of 32 bytes>`, newest first (the first one wraps new data keys). */
const kekList = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (!text?.trim()) return null;
    const keks: { id: string; key: Buffer }[] = [];
    for (const [index, entry] of text.split(",").entries()) {
      const match = /^([A-Za-z0-9_-]{1,64}):(\S+)$/.exec(entry.trim());
      const key = match?.[2] ? decodeKey(match[2], 32) : null;
      if (!match?.[1] || key?.length !== 32) {
        ctx.addIssue({ code: "custom", message: `entry ${index + 1} must be <id>:<base64 of exactly 32 bytes>` });
        return z.NEVER;
      }
      const id = match[1];
      if (keks.some((kek) => kek.id === id)) {
        ctx.addIssue({ code: "custom", message: `entry ${index + 1} repeats the id of an earlier entry` });
        return z.NEVER;
      }
      keks.push({ id, key });
    }
    return keks;
  });

/** `BEZ_LINK_KEY` and `BEZ_AUDIT_KEY`: base64 of at least 32 random bytes (HMAC keys). */
const secretKey = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (!text?.trim()) return null;
    const key = decodeKey(text.trim(), 32);
    if (!key) {
      ctx.addIssue({ code: "custom", message: "must be base64 of at least 32 random bytes" });
      return z.NEVER;
    }
    return key;
  });

const ratePolicyOverride = z.strictObject({
  limit: z.number().int().min(1).max(1_000_000),
  windowSeconds: z.number().int().min(1).max(7 * 86400),
});

/** `BEZ_RATE_LIMITS` overrides entries of the policy table, e.g. {"generations":{"limit":20,"windowSeconds":60}}. */
const rateLimitOverrides = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (!text) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be JSON" });
      return z.NEVER;
    }
  })
  .pipe(
    z.strictObject({
      public: ratePolicyOverride.optional(),
      account: ratePolicyOverride.optional(),
      generations: ratePolicyOverride.optional(),
      uploads: ratePolicyOverride.optional(),
      exports: ratePolicyOverride.optional(),
      admin: ratePolicyOverride.optional(),
      unlockLinks: ratePolicyOverride.optional(),
      webhookRejections: ratePolicyOverride.optional(),
      authFailures: ratePolicyOverride.optional(),
      transcodes: ratePolicyOverride.optional(),
      linkTranscodes: ratePolicyOverride.optional(),
      generationsInFlight: z.strictObject({ limit: z.number().int().min(1).max(100), leaseSeconds: z.number().int().min(5).max(86400) }).optional(),
    }),
  );

const EnvSchema = z.object({
  BEZ_ENV: z.enum(["local", "test", "production"]).default("production"),
  BEZ_PROJECT_ID: z.string().min(1).optional(),
  GCLOUD_PROJECT: z.string().min(1).optional(),
  BEZ_API_PORT: port.default(8787),
  BEZ_API_HOST: z.string().min(1).default("127.0.0.1"),
  BEZ_DATA_DIR: z.string().min(1).optional(),
  BEZ_REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional(),
  FIREBASE_AUTH_EMULATOR_HOST: z.string().regex(/^[\w.-]+:\d+$/, "must be host:port").optional(),
  /** Where documents live outside production: the embedded store, or Firestore (the emulator at FIRESTORE_EMULATOR_HOST). */
  BEZ_STORE: z.enum(["embedded", "firestore"], { message: 'must be "embedded" or "firestore"' }).optional(),
  FIRESTORE_EMULATOR_HOST: z.string().regex(/^[\w.-]+:\d+$/, "must be host:port").optional(),
  /** A named Firestore database; tests give each API its own on one emulator. */
  BEZ_FIRESTORE_DATABASE: z
    .string()
    .regex(/^(\(default\)|[a-z][a-z0-9-]{2,61}[a-z0-9])$/, "must be (default) or a Firestore database id")
    .default("(default)"),
  BEZ_WEB_ORIGINS: csv.pipe(z.array(z.url({ protocol: /^https?$/ }))),
  BEZ_TRUSTED_PROXIES: csv.pipe(
    z.union(
      [
        z.tuple([z.literal(googleFrontEnd)]).transform((): typeof googleFrontEnd => googleFrontEnd),
        z.array(z.string().refine(isValidCidrOrIp, "each entry must be an IP address or CIDR")),
      ],
      { error: `must be IP addresses and CIDRs, or ${googleFrontEnd} alone` },
    ),
  ),
  BEZ_DAILY_QUOTA: z.coerce.number().int().min(1).max(100000).default(defaultPolicies.dailyImages.limit),
  BEZ_RATE_LIMITS: rateLimitOverrides,
  BEZ_STORAGE_BUCKET: z.string().min(1).optional(),
  BEZ_KEKS: kekList,
  BEZ_LINK_KEY: secretKey,
  BEZ_AUDIT_KEY: secretKey,
  BEZ_DELETION_SWEEP_SECONDS: seconds(60, 1, 86400),
  // The longest a write begun before deactivation can land: the reconciler's 300 s run plus the 180 s ingestion
  // claim timeout (the API's requests end within 120 s), with room to spare.
  // Default: 600 s in production (longer than any request or reconciler run plus the ingestion claim); none locally,
  // where a deleted account's receipt should complete at once.
  BEZ_ERASURE_GRACE_SECONDS: z.coerce.number().int().min(0).max(86400).optional(),
  BEZ_PUBLIC_API_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  REPLICATE_API_TOKEN: z.string().trim().min(1).optional(),
  BEZ_REPLICATE_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL ending in /v1" }).optional(),
  BEZ_REPLICATE_TOKEN: z.string().trim().min(1).optional(),
  BEZ_GENERATION_DEADLINE_SECONDS: seconds(600, 1, 86400),
  BEZ_RECONCILE_QUIET_SECONDS: seconds(60, 1, 86400),
  BEZ_RECONCILE_INTERVAL_SECONDS: seconds(30, 1, 86400),
  BEZ_LOG_LEVEL: z.enum(["info", "warn", "error", "silent"]).default("info"),
  /** Log shipping to Axiom (API.md §5): a token needs a dataset; a dataset alone (the deploy param's default) ships nothing. */
  AXIOM_TOKEN: z.string().trim().min(1).optional(),
  AXIOM_DATASET: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, "must be an Axiom dataset name").optional(),
  AXIOM_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  BEZ_BOOTSTRAP_ADMINS: csv.pipe(z.array(z.email("each entry must be an email address").transform((v) => v.toLowerCase()))),
  BEZ_SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
  BEZ_MAIL_FROM: z.string().trim().min(3).max(200).default("Bez <notices@bez.dev>"),
  BEZ_AUDIT_DIGEST_SECONDS: z.coerce.number().int().min(1).max(86400).optional(),
  BEZ_AUDIT_WITNESS_BUCKET: z.string().min(1).optional(),
  BEZ_AUDIT_SETTLE_SECONDS: seconds(5, 0, 3600),
  BEZ_AUDIT_RETENTION_DAYS: seconds(400, 1, 3650),
});

/** Settings a production deploy must have (params in functions/src/index.ts), besides the secrets its function is bound to. */
const productionSettings = ["BEZ_STORAGE_BUCKET", "BEZ_AUDIT_WITNESS_BUCKET", "BEZ_PUBLIC_API_URL", "BEZ_WEB_ORIGINS", "BEZ_TRUSTED_PROXIES"] as const;

/** Production seals audit digests on index.ts's schedule, every five minutes; verification holds events to it. */
export const productionAuditDigestSeconds = 300;

function envSchema(secrets: readonly SecretName[]) {
  return EnvSchema.superRefine((env, ctx) => {
    const production = env.BEZ_ENV === "production";
    const problem = (name: keyof typeof env, message: string) => ctx.addIssue({ code: "custom", path: [name], message });
    const isSet = (value: unknown) => (Array.isArray(value) ? value.length > 0 : Boolean(value));
    if (!env.BEZ_PROJECT_ID && !env.GCLOUD_PROJECT) problem("BEZ_PROJECT_ID", "is required (or GCLOUD_PROJECT)");
    if (!production && !env.BEZ_DATA_DIR) problem("BEZ_DATA_DIR", "is required for the embedded local stack");
    if (!production && !env.BEZ_REDIS_URL) problem("BEZ_REDIS_URL", "is required");
    if (production && env.FIREBASE_AUTH_EMULATOR_HOST) problem("FIREBASE_AUTH_EMULATOR_HOST", "must not be set in production");
    if (production && env.FIRESTORE_EMULATOR_HOST) problem("FIRESTORE_EMULATOR_HOST", "must not be set in production");
    if (production && env.BEZ_AUDIT_DIGEST_SECONDS !== undefined && env.BEZ_AUDIT_DIGEST_SECONDS !== productionAuditDigestSeconds) {
      problem("BEZ_AUDIT_DIGEST_SECONDS", `is fixed in production by the sealing schedule (${productionAuditDigestSeconds})`);
    }
    if (production && env.BEZ_STORE === "embedded") problem("BEZ_STORE", "must be firestore (or unset) in production");
    if (!production && env.BEZ_STORE === "firestore" && !env.FIRESTORE_EMULATOR_HOST) {
      problem("FIRESTORE_EMULATOR_HOST", "is required with BEZ_STORE=firestore outside production (the emulator's host:port)");
    }
    if (production) {
      // Locally development keys are generated into BEZ_DATA_DIR and mail goes to an outbox; production never falls back.
      for (const name of secrets) if (!isSet(env[name])) problem(name, "is required in production (a secret bound to this function)");
      // Without web origins CORS blocks the web app and notice emails would link nowhere; without a proxy rule every
      // client would share the front end's address in rate limits, IP locks and staff audit events.
      for (const name of productionSettings) if (!isSet(env[name])) problem(name, "is required in production");
    }
    if (env.REPLICATE_API_TOKEN && env.BEZ_REPLICATE_URL) {
      problem("BEZ_REPLICATE_URL", "cannot be combined with REPLICATE_API_TOKEN: choose one model service");
    }
    if (env.AXIOM_TOKEN && !env.AXIOM_DATASET) problem("AXIOM_DATASET", "is required with AXIOM_TOKEN");
    if (env.AXIOM_URL && !env.AXIOM_TOKEN) problem("AXIOM_URL", "needs AXIOM_TOKEN and AXIOM_DATASET");
    // The token travels in a header: never in clear text over a network in production.
    if (production && env.AXIOM_URL?.startsWith("http:")) problem("AXIOM_URL", "must be https in production");
    if (env.BEZ_REPLICATE_URL && !env.BEZ_REPLICATE_TOKEN) problem("BEZ_REPLICATE_TOKEN", "is required with BEZ_REPLICATE_URL");
    if (env.BEZ_REPLICATE_URL && !/\/v1\/?$/.test(new URL(env.BEZ_REPLICATE_URL).pathname)) problem("BEZ_REPLICATE_URL", "must end in /v1");
    // Production runs the real Replicate, which must be able to call the webhook back on a public address.
    if (production && env.BEZ_REPLICATE_URL) problem("BEZ_REPLICATE_URL", "must not be set in production (use REPLICATE_API_TOKEN)");
  });
}

export type Config = {
  env: "local" | "test" | "production";
  projectId: string;
  api: { host: string; port: number };
  dataDir: string | null;
  /** Documents in the embedded store (local and test only), in Firestore (production), or in the Firestore emulator. */
  store: { kind: "embedded" } | { kind: "firestore"; database: string } | { kind: "firestore-emulator"; database: string; host: string };
  /** null only in a production function not bound to BEZ_REDIS_URL (it uses no Redis). */
  redisUrl: string | null;
  authEmulatorHost: string | null;
  webOrigins: string[];
  /** CIDRs of proxies whose X-Forwarded-For is believed, or the Cloud Functions front-end rule. */
  trustedProxies: string[] | typeof googleFrontEnd;
  storageBucket: string | null;
  /**
   * KEKs newest first; null locally when the development key ring in BEZ_DATA_DIR is to be used, and in a production
   * function not bound to the secret (likewise linkKey, auditKey, mail.smtpUrl).
   */
  keks: { id: string; key: Uint8Array }[] | null;
  linkKey: Uint8Array | null;
  /** Keys audit pseudonyms (the uid hash that replaces an erased user's uid) and signs deletion receipts; null locally. */
  auditKey: Uint8Array | null;
  /** How often the local server sweeps for unfinished account deletions. */
  deletionSweepSeconds: number;
  /** How long an erasure waits before its final re-sweep (see DeletionDeps.graceMs). */
  erasureGraceSeconds: number;
  /** The API's public base URL for signed links; null to derive it from each request. */
  publicApiUrl: string | null;
  logLevel: "info" | "warn" | "error" | "silent";
  /** Where log lines are shipped besides stderr; null when AXIOM_TOKEN and AXIOM_DATASET are unset. */
  axiom: { token: string; dataset: string; url: string | null } | null;
  /** The image model service; null when none is configured (local/test only: generation then answers 503). */
  model: ModelConfig | null;
  generation: GenerationConfig;
  limits: LimitPolicies;
  /** Emails granted `admin` at their first sign-in (lower-cased; only with a verified email). */
  bootstrapAdmins: string[];
  /** SMTP for notices; null locally, where mail goes to an outbox of .eml files under BEZ_DATA_DIR/mail. */
  mail: { smtpUrl: string | null; from: string };
  audit: AuditConfig;
  version: string;
};

export interface AuditConfig {
  /** How often audit digests are sealed: the local server's interval, in production index.ts's schedule. */
  digestSeconds: number;
  /** Events younger than this are left for the next digest, so slow writes and skewed clocks are not skipped. */
  settleSeconds: number;
  retentionDays: number;
  /**
   * The Cloud Storage bucket (production) that holds the head witness, under a locked retention policy; locally the
   * witness is a folder in BEZ_DATA_DIR.
   */
  witnessBucket: string | null;
}

export interface ModelConfig {
  /** Includes /v1. */
  baseUrl: string;
  token: string;
  /** Hosts outputs may be downloaded from (parent domains include their subdomains). */
  outputHosts: string[];
  /** Plain-http output downloads: only for the local Replicate-compatible server. */
  allowHttpOutputs: boolean;
}

export interface GenerationConfig {
  /** The API's address as the model service reaches it: webhooks and reference-image links. */
  callbackBaseUrl: string;
  deadlineSeconds: number;
  reconcileQuietSeconds: number;
  reconcileIntervalSeconds: number;
}

const replicateApi = "https://api.replicate.com/v1";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parses an environment (process.env by default); throws ConfigError naming each bad variable. `secrets` are those
 * the calling Cloud Function is bound to: production requires exactly those (default: all, as the API needs).
 * `undefined` as the source reads process.env (outside this module nothing else may).
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, options: { secrets?: readonly SecretName[] } = {}): Config {
  const parsed = envSchema(options.secrets ?? secretNames).safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${String(i.path[0] ?? "?")}: ${i.message}`);
    throw new ConfigError(`Invalid Bez API configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    env: e.BEZ_ENV,
    projectId: (e.BEZ_PROJECT_ID ?? e.GCLOUD_PROJECT) as string,
    api: { host: e.BEZ_API_HOST, port: e.BEZ_API_PORT },
    dataDir: e.BEZ_DATA_DIR ?? null,
    store: storeConfig(e.BEZ_ENV, e.BEZ_STORE, e.BEZ_FIRESTORE_DATABASE, e.FIRESTORE_EMULATOR_HOST),
    redisUrl: e.BEZ_REDIS_URL ?? null,
    authEmulatorHost: e.FIREBASE_AUTH_EMULATOR_HOST ?? null,
    webOrigins: e.BEZ_WEB_ORIGINS,
    trustedProxies: e.BEZ_TRUSTED_PROXIES,
    storageBucket: e.BEZ_STORAGE_BUCKET ?? null,
    keks: e.BEZ_KEKS,
    linkKey: e.BEZ_LINK_KEY,
    auditKey: e.BEZ_AUDIT_KEY,
    deletionSweepSeconds: e.BEZ_DELETION_SWEEP_SECONDS,
    erasureGraceSeconds: e.BEZ_ERASURE_GRACE_SECONDS ?? (e.BEZ_ENV === "production" ? 600 : 0),
    publicApiUrl: e.BEZ_PUBLIC_API_URL?.replace(/\/+$/, "") ?? null,
    logLevel: e.BEZ_LOG_LEVEL,
    axiom: e.AXIOM_TOKEN && e.AXIOM_DATASET ? { token: e.AXIOM_TOKEN, dataset: e.AXIOM_DATASET, url: e.AXIOM_URL?.replace(/\/+$/, "") ?? null } : null,
    model: modelConfig(e.REPLICATE_API_TOKEN, e.BEZ_REPLICATE_URL, e.BEZ_REPLICATE_TOKEN),
    generation: {
      // Locally the model service runs on this machine and reaches the API on loopback.
      callbackBaseUrl: (e.BEZ_PUBLIC_API_URL ?? `http://${loopbackHost(e.BEZ_API_HOST)}:${e.BEZ_API_PORT}`).replace(/\/+$/, ""),
      deadlineSeconds: e.BEZ_GENERATION_DEADLINE_SECONDS,
      reconcileQuietSeconds: e.BEZ_RECONCILE_QUIET_SECONDS,
      reconcileIntervalSeconds: e.BEZ_RECONCILE_INTERVAL_SECONDS,
    },
    limits: mergePolicies(e.BEZ_RATE_LIMITS, e.BEZ_DAILY_QUOTA),
    bootstrapAdmins: e.BEZ_BOOTSTRAP_ADMINS,
    mail: { smtpUrl: e.BEZ_SMTP_URL ?? null, from: e.BEZ_MAIL_FROM },
    audit: {
      digestSeconds: e.BEZ_AUDIT_DIGEST_SECONDS ?? (e.BEZ_ENV === "production" ? productionAuditDigestSeconds : 60),
      settleSeconds: e.BEZ_AUDIT_SETTLE_SECONDS,
      retentionDays: e.BEZ_AUDIT_RETENTION_DAYS,
      witnessBucket: e.BEZ_AUDIT_WITNESS_BUCKET ?? null,
    },
    version: pkg.version,
  };
}

function storeConfig(env: Config["env"], store: "embedded" | "firestore" | undefined, database: string, emulatorHost: string | undefined): Config["store"] {
  if (env === "production") return { kind: "firestore", database };
  // Validated above: BEZ_STORE=firestore outside production comes with the emulator's host.
  if (store === "firestore" && emulatorHost) return { kind: "firestore-emulator", database, host: emulatorHost };
  return { kind: "embedded" };
}

function modelConfig(replicateToken: string | undefined, localUrl: string | undefined, localToken: string | undefined): ModelConfig | null {
  if (replicateToken) {
    return { baseUrl: replicateApi, token: replicateToken, outputHosts: ["replicate.delivery"], allowHttpOutputs: false };
  }
  if (localUrl && localToken) {
    const url = new URL(localUrl);
    return {
      baseUrl: localUrl.replace(/\/+$/, ""),
      token: localToken,
      outputHosts: [url.hostname.replace(/^\[|\]$/g, "")],
      allowHttpOutputs: url.protocol === "http:",
    };
  }
  return null;
}

/** An address the API listens on, as a client on this machine dials it. */
function loopbackHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

function mergePolicies(overrides: z.infer<typeof rateLimitOverrides>, dailyQuota: number): LimitPolicies {
  const merged: LimitPolicies = { ...defaultPolicies, dailyImages: { limit: dailyQuota } };
  for (const name of ratePolicyNames) {
    const override = overrides[name];
    if (override) merged[name] = { name, ...override };
  }
  if (overrides.generationsInFlight) merged.generationsInFlight = overrides.generationsInFlight;
  return merged;
}
