/**
 * The one place in local/ that reads the environment: the stack's settings (zod-validated, failing with
 * the names of the bad variables) and the environment its child processes inherit.
 */
import { join, resolve } from "node:path";
import { z } from "zod";
import { repoRoot } from "./processes/repo-root.ts";

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
/** Total time of one local prediction, 0 for tests and benches (a day at most, so a typo cannot stall forever). */
const latencyMs = z.coerce.number().int().min(0).max(86_400_000).optional();

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
  // Set: the API talks to the real Replicate and no local server starts. Its value is the API's business.
  REPLICATE_API_TOKEN: z.string().optional(),
  BEZ_REPLICATE_PORT: port(8788),
  BEZ_REPLICATE_LATENCY_MS: latencyMs,
  BEZ_STORE: z.enum(["embedded", "firestore-emulator"], { message: 'must be "embedded" or "firestore-emulator"' }).default("embedded"),
  ...firestoreEmulatorEnv(),
});

function firestoreEmulatorEnv() {
  return {
    /** A running emulator to use (then none is started). */
    FIRESTORE_EMULATOR_HOST: z.string().regex(/^[\w.-]+:\d+$/, "must be host:port").optional(),
    /** The emulator's launcher (cloud_firestore_emulator, or gcloud), when it is not where the Cloud SDK package puts it. */
    BEZ_FIRESTORE_EMULATOR: z.string().min(1).optional(),
  };
}

const ReplicateServerEnvSchema = z.object({
  BEZ_REPLICATE_PORT: port(8788),
  BEZ_REPLICATE_LATENCY_MS: latencyMs,
  BEZ_DATA_DIR: z.string().optional(),
});

/** The local Replicate-compatible server (local/src/replicate). */
export interface ReplicateServerConfig {
  port: number;
  /** Undefined: the server's realistic default. */
  latencyMs: number | undefined;
  /** Absolute; the webhook signing secret persists under <dataDir>/replicate. Null: a new secret each start. */
  dataDir: string | null;
}

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
  /** The local Replicate-compatible server to start; null when REPLICATE_API_TOKEN selects the real Replicate. */
  replicate: { port: number; latencyMs: number | undefined } | null;
  store: "embedded" | "firestore-emulator";
  firestore: FirestoreEmulatorConfig;
}

/** Where the Cloud Firestore emulator comes from: one already running, or one to start (found from a launcher path). */
export interface FirestoreEmulatorConfig {
  /** host:port of a running emulator; null starts one. */
  externalHost: string | null;
  /** BEZ_FIRESTORE_EMULATOR; null searches the usual places. */
  launcher: string | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function parseEnv<T>(schema: z.ZodType<T>, source: NodeJS.ProcessEnv): T {
  // An empty variable counts as unset, so `BEZ_REDIS_URL= npm start` means "spawn Redis".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0])}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export function loadStackConfig(source: NodeJS.ProcessEnv = process.env): StackConfig {
  const env = parseEnv(EnvSchema, source);
  return {
    redisUrl: env.BEZ_REDIS_URL ?? null,
    authPort: env.BEZ_AUTH_PORT,
    projectId: env.BEZ_PROJECT_ID,
    apiPort: env.BEZ_API_PORT,
    webPort: env.BEZ_WEB_PORT,
    web: env.BEZ_WEB === "1",
    dataDir: resolve(env.BEZ_DATA_DIR),
    replicate: env.REPLICATE_API_TOKEN
      ? null
      : { port: env.BEZ_REPLICATE_PORT, latencyMs: env.BEZ_REPLICATE_LATENCY_MS },
    store: env.BEZ_STORE,
    firestore: { externalHost: env.FIRESTORE_EMULATOR_HOST ?? null, launcher: env.BEZ_FIRESTORE_EMULATOR ?? null },
  };
}

/** For the test run's global setup, which starts (or reuses) one emulator for every suite. */
export function loadFirestoreEmulatorConfig(source: NodeJS.ProcessEnv = process.env): FirestoreEmulatorConfig {
  const env = parseEnv(z.object(firestoreEmulatorEnv()), source);
  return { externalHost: env.FIRESTORE_EMULATOR_HOST ?? null, launcher: env.BEZ_FIRESTORE_EMULATOR ?? null };
}

export function loadReplicateServerConfig(source: NodeJS.ProcessEnv = process.env): ReplicateServerConfig {
  const env = parseEnv(ReplicateServerEnvSchema, source);
  return {
    port: env.BEZ_REPLICATE_PORT,
    latencyMs: env.BEZ_REPLICATE_LATENCY_MS,
    dataDir: env.BEZ_DATA_DIR ? resolve(env.BEZ_DATA_DIR) : null,
  };
}

const GrantRoleEnvSchema = z.object({
  BEZ_PROJECT_ID: EnvSchema.shape.BEZ_PROJECT_ID,
  BEZ_AUTH_PORT: port(9099),
  FIREBASE_AUTH_EMULATOR_HOST: z.string().regex(/^[\w.-]+:\d+$/, "must be host:port").optional(),
  /** "production": a real Firebase project through Application Default Credentials instead of the emulator. */
  BEZ_GRANT_ROLE_TARGET: z.enum(["emulator", "production"]).default("emulator"),
});

export interface GrantRoleConfig {
  projectId: string;
  /** host:port of the Auth emulator; null for a real project. */
  authEmulatorHost: string | null;
}

/**
 * `npm run grant-role`: the running local stack's Auth emulator by default. firebase-admin reads the emulator host from
 * the environment itself, so it is set here, the one module that touches the environment.
 */
export function loadGrantRoleConfig(source: NodeJS.ProcessEnv = process.env): GrantRoleConfig {
  const env = parseEnv(GrantRoleEnvSchema, source);
  if (env.BEZ_GRANT_ROLE_TARGET === "production") {
    delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
    return { projectId: env.BEZ_PROJECT_ID, authEmulatorHost: null };
  }
  const host = env.FIREBASE_AUTH_EMULATOR_HOST ?? `127.0.0.1:${env.BEZ_AUTH_PORT}`;
  process.env.FIREBASE_AUTH_EMULATOR_HOST = host;
  return { projectId: env.BEZ_PROJECT_ID, authEmulatorHost: host };
}

/**
 * What every child starts from: PATH, HOME and the settings the API reads itself
 * (BEZ_TRUSTED_PROXIES, BEZ_BOOTSTRAP_ADMINS, REPLICATE_API_TOKEN, AXIOM_TOKEN, AXIOM_DATASET, AXIOM_URL…) pass through.
 */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}

const AxiomReceiverEnvSchema = z.object({
  BEZ_AXIOM_RECEIVER_PORT: port(8789),
  AXIOM_TOKEN: z.string().trim().min(1).default("xaat-local"),
});

/** `npm run axiom-receiver`: the local stand-in for Axiom's ingest API, and the token it accepts. */
export function loadAxiomReceiverConfig(source: NodeJS.ProcessEnv = process.env): { port: number; token: string } {
  const parsed = AxiomReceiverEnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid Axiom receiver configuration:\n${parsed.error.issues.map((i) => `  ${String(i.path[0])}: ${i.message}`).join("\n")}`);
  }
  return { port: parsed.data.BEZ_AXIOM_RECEIVER_PORT, token: parsed.data.AXIOM_TOKEN };
}
