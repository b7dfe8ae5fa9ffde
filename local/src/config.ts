/**
 * The one place in local/ that reads the environment: the stack's settings (zod-validated, failing with
 * the names of the bad variables) and the environment its child processes inherit.
 */
import { join, resolve } from "node:path";
import { z } from "zod";
import { repoRoot } from "./processes/repo-root.ts";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const EnvSchema = z.object({
  BEZ_REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "must be a redis:// or rediss:// URL").optional(),
  BEZ_AUTH_PORT: port(9099),
  BEZ_PROJECT_ID: z
    .string()
    .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "must be a Firebase project id (6–30 lowercase letters, digits, hyphens)")
    .default("demo-bez"),
  BEZ_API_PORT: port(8787),
  BEZ_WEB_PORT: port(3000),
  BEZ_WEB: z.enum(["0", "1"], { message: 'must be "0" (no web app) or "1"' }).default("1"),
  BEZ_DATA_DIR: z.string().default(join(repoRoot, ".bez-data")),
});

export interface StackConfig {
  /** An external Redis; null spawns one. */
  redisUrl: string | null;
  authPort: number;
  projectId: string;
  apiPort: number;
  webPort: number;
  web: boolean;
  /** Absolute. */
  dataDir: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadStackConfig(source: NodeJS.ProcessEnv = process.env): StackConfig {
  // An empty variable counts as unset, so `BEZ_REDIS_URL= npm start` means "spawn Redis".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0])}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  return {
    redisUrl: env.BEZ_REDIS_URL ?? null,
    authPort: env.BEZ_AUTH_PORT,
    projectId: env.BEZ_PROJECT_ID,
    apiPort: env.BEZ_API_PORT,
    webPort: env.BEZ_WEB_PORT,
    web: env.BEZ_WEB === "1",
    dataDir: resolve(env.BEZ_DATA_DIR),
  };
}

/**
 * What every child starts from: PATH, HOME and the settings the API reads itself
 * (BEZ_TRUSTED_PROXIES, BEZ_BOOTSTRAP_ADMINS, REPLICATE_API_TOKEN…) pass through.
 */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
