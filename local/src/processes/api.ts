/** The Bez API (functions/src/local.ts): the Cloud Function's request handler in one local Node process. */
import { inheritedEnv } from "../config.ts";
import { startChild } from "./child.ts";
import type { ChildExit, OutputSink } from "./child.ts";
import { repoRoot } from "./repo-root.ts";
import { httpStatus, waitUntil } from "./wait.ts";

export interface ApiOptions {
  port: number;
  /** Absolute; the API keeps its documents, blobs and keys there. */
  dataDir: string;
  redisUrl: string;
  projectId: string;
  /** host:port of the Auth emulator. */
  authHost: string;
  /** Origins CORS allows (the web app's). */
  webOrigins: readonly string[];
  /** The local Replicate-compatible server's API base (…/v1); null or absent when the real Replicate is used. */
  replicateUrl?: string | null;
  /** host:port of the Cloud Firestore emulator to keep documents in (its (default) database, or `firestoreDatabase`); absent: the embedded store. */
  firestoreHost?: string | null;
  firestoreDatabase?: string;
  /** Restart on source changes (node --watch). */
  dev?: boolean;
  signal?: AbortSignal;
  onOutput?: OutputSink;
}

export interface ApiServer {
  url: string;
  exited: Promise<ChildExit>;
  stop(): Promise<void>;
}

export async function startApi(options: ApiOptions): Promise<ApiServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = startChild({
    name: "api",
    command: process.execPath,
    args: [...(options.dev ? ["--watch"] : []), "--import", "tsx", "functions/src/local.ts"],
    cwd: repoRoot,
    env: {
      ...inheritedEnv(),
      BEZ_ENV: "local",
      BEZ_API_PORT: String(options.port),
      BEZ_DATA_DIR: options.dataDir,
      BEZ_REDIS_URL: options.redisUrl,
      BEZ_PROJECT_ID: options.projectId,
      FIREBASE_AUTH_EMULATOR_HOST: options.authHost,
      BEZ_WEB_ORIGINS: options.webOrigins.join(","),
      // Any token is accepted locally; the real REPLICATE_API_TOKEN, when set, passes through instead.
      ...(options.replicateUrl ? { BEZ_REPLICATE_URL: options.replicateUrl, BEZ_REPLICATE_TOKEN: "local" } : {}),
      ...(options.firestoreHost
        ? { BEZ_STORE: "firestore", FIRESTORE_EMULATOR_HOST: options.firestoreHost, BEZ_FIRESTORE_DATABASE: options.firestoreDatabase ?? "(default)" }
        : { BEZ_STORE: "embedded" }),
    },
    onOutput: options.onOutput,
    stopTimeoutMs: 10_000,
  });
  try {
    await waitUntil(async () => (await httpStatus(`${url}/v1/health`)) === 200, {
      what: `the API at ${url}`,
      timeoutMs: 90_000,
      child,
      signal: options.signal,
    });
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { url, exited: child.exited, stop: child.stop };
}
