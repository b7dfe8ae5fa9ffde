/**
 * The one place in functions/ that reads the environment. Validated with zod; a missing or malformed
 * variable stops start-up with a message naming it (never its value: some are secrets).
 */
import { z } from "zod";
import { isValidCidrOrIp } from "./core/net/cidr.ts";
import pkg from "../package.json" with { type: "json" };

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

const port = z.coerce.number().int().min(1).max(65535);

const EnvSchema = z
  .object({
    BEZ_ENV: z.enum(["local", "test", "production"]).default("production"),
    BEZ_PROJECT_ID: z.string().min(1).optional(),
    GCLOUD_PROJECT: z.string().min(1).optional(),
    BEZ_API_PORT: port.default(8787),
    BEZ_API_HOST: z.string().min(1).default("127.0.0.1"),
    BEZ_DATA_DIR: z.string().min(1).optional(),
    BEZ_REDIS_URL: z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL"),
    FIREBASE_AUTH_EMULATOR_HOST: z.string().regex(/^[\w.-]+:\d+$/, "must be host:port").optional(),
    BEZ_WEB_ORIGINS: csv.pipe(z.array(z.url({ protocol: /^https?$/ }))),
    BEZ_TRUSTED_PROXIES: csv.pipe(z.array(z.string().refine(isValidCidrOrIp, "each entry must be an IP address or CIDR"))),
    BEZ_DAILY_QUOTA: z.coerce.number().int().min(1).max(100000).default(200),
    BEZ_STORAGE_BUCKET: z.string().min(1).optional(),
    BEZ_LOG_LEVEL: z.enum(["info", "warn", "error", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (!env.BEZ_PROJECT_ID && !env.GCLOUD_PROJECT) {
      ctx.addIssue({ code: "custom", path: ["BEZ_PROJECT_ID"], message: "is required (or GCLOUD_PROJECT)" });
    }
    if (env.BEZ_ENV !== "production" && !env.BEZ_DATA_DIR) {
      ctx.addIssue({ code: "custom", path: ["BEZ_DATA_DIR"], message: "is required for the embedded local stack" });
    }
    if (env.BEZ_ENV === "production" && env.FIREBASE_AUTH_EMULATOR_HOST) {
      ctx.addIssue({ code: "custom", path: ["FIREBASE_AUTH_EMULATOR_HOST"], message: "must not be set in production" });
    }
    if (env.BEZ_ENV === "production" && !env.BEZ_STORAGE_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["BEZ_STORAGE_BUCKET"], message: "is required in production" });
    }
  });

export type Config = {
  env: "local" | "test" | "production";
  projectId: string;
  api: { host: string; port: number };
  dataDir: string | null;
  redisUrl: string;
  authEmulatorHost: string | null;
  webOrigins: string[];
  trustedProxies: string[];
  storageBucket: string | null;
  logLevel: "info" | "warn" | "error" | "silent";
  dailyQuota: number;
  version: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses an environment (process.env by default); throws ConfigError naming each bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
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
    redisUrl: e.BEZ_REDIS_URL,
    authEmulatorHost: e.FIREBASE_AUTH_EMULATOR_HOST ?? null,
    webOrigins: e.BEZ_WEB_ORIGINS,
    trustedProxies: e.BEZ_TRUSTED_PROXIES,
    storageBucket: e.BEZ_STORAGE_BUCKET ?? null,
    logLevel: e.BEZ_LOG_LEVEL,
    dailyQuota: e.BEZ_DAILY_QUOTA,
    version: pkg.version,
  };
}
