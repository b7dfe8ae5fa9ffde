/**
 * Starts the real API app in this process on a free 127.0.0.1 port, with a fresh temp BEZ_DATA_DIR, the run's real
 * redis-server and the real Auth emulator (from tests/global-setup.ts), and the document store the vitest project
 * chose: the embedded one, or Firestore on the run's emulator (tests/helpers/test-store.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, loadConfig } from "../../functions/src/config.ts";
import { type Composition, compose } from "../../functions/src/compose.ts";
import { createApp } from "../../functions/src/http/app.ts";
import { selectTestStore } from "./test-store.ts";
import { afterAll } from "vitest";
import { assertNoPersonalDataLogged, logCapture, registerPersonal, registerPersonalJson } from "./log-scan.ts";

// Every suite that starts an API fails if any of its log lines carried personal data (API.md §5).
afterAll(assertNoPersonalDataLogged);

export interface TestApi {
  url: string;
  dataDir: string;
  /** The Firestore database this API writes to; null on the embedded store. */
  firestoreDatabase: string | null;
  config: Config;
  composition: Composition;
  /** Resolves once no request is in flight (e.g. a webhook the model server is delivering right now). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function testEnv(): { redisUrl: string; authHost: string; projectId: string } {
  const redisUrl = process.env.BEZ_TEST_REDIS_URL;
  const authHost = process.env.BEZ_TEST_AUTH_HOST;
  const projectId = process.env.BEZ_TEST_PROJECT_ID;
  if (!redisUrl || !authHost || !projectId) throw new Error("tests/global-setup.ts did not run (BEZ_TEST_* missing)");
  return { redisUrl, authHost, projectId };
}

/** The environment of an API under test: the run's Redis and Auth emulator, a data dir, its own port. */
export function testApiEnvironment(dataDir: string, port: number): Record<string, string> {
  const env = testEnv();
  return {
    BEZ_ENV: "test",
    BEZ_PROJECT_ID: env.projectId,
    BEZ_DATA_DIR: dataDir,
    BEZ_REDIS_URL: env.redisUrl,
    FIREBASE_AUTH_EMULATOR_HOST: env.authHost,
    BEZ_WEB_ORIGINS: "http://127.0.0.1:3000",
    // Every line is captured (log-scan.ts), none printed.
    BEZ_LOG_LEVEL: "info",
    BEZ_API_PORT: String(port),
    BEZ_RATE_LIMITS: JSON.stringify(liftedLimits),
    // No wait before an erasure's re-sweep: suites that need one set it themselves.
    BEZ_ERASURE_GRACE_SECONDS: "0",
  };
}

/**
 * Every test file shares one Redis and one client IP, so the per-IP and per-account limits, and the count of failed
 * authentications (many tests send bad tokens on purpose), are lifted unless a test sets them.
 */
const liftedLimits = {
  public: { limit: 100_000, windowSeconds: 60 },
  account: { limit: 100_000, windowSeconds: 60 },
  authFailures: { limit: 100_000, windowSeconds: 60 },
};

export async function startTestApi(overrides: Record<string, string> = {}): Promise<TestApi> {
  const env = testEnv();
  const dataDir = await mkdtemp(join(tmpdir(), "bez-api-"));
  const store = selectTestStore(env.projectId);
  // firebase-admin reads the emulator host from the environment itself.
  process.env.FIREBASE_AUTH_EMULATOR_HOST = env.authHost;
  // The port is chosen first, so the API knows its own address (webhook and reference-link URLs) when composed.
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let config: Config;
  let composition: Composition;
  try {
    // A test's BEZ_RATE_LIMITS overrides entries of the lifted table, not the whole of it.
    const limits = JSON.stringify({ ...liftedLimits, ...(JSON.parse(overrides.BEZ_RATE_LIMITS ?? "{}") as object) });
    config = loadConfig({ ...testApiEnvironment(dataDir, port), ...store.env, ...overrides, BEZ_RATE_LIMITS: limits });
    composition = await compose(config, { logDestination: logCapture });
  } catch (error) {
    server.close();
    await store.clear();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  let inFlight = 0;
  let idleWaiters: (() => void)[] = [];
  server.on("request", (_req, res: ServerResponse) => {
    inFlight++;
    res.once("close", () => {
      if (--inFlight > 0) return;
      for (const wake of idleWaiters) wake();
      idleWaiters = [];
    });
  });
  server.on("request", registeringPersonalData(createApp(composition.deps)));
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    firestoreDatabase: store.database,
    config,
    composition,
    idle: () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await composition.close();
      await store.clear();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** JSON bodies up to this size are read ahead so their personal values can be registered. */
const readAheadLimit = 64 * 1024;

/**
 * Registers the personal values each request carries (its bearer token; prompts, emails and names in a JSON body)
 * for the log scan. A JSON body is read ahead and handed on as `rawBody`, the way Cloud Functions hands it to the
 * app (http/body.ts reads it from there); other bodies stream on untouched.
 */
function registeringPersonalData(app: RequestListener): RequestListener {
  return (req: IncomingMessage & { rawBody?: Buffer }, res) => {
    registerPersonal(/^bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]);
    const length = Number(req.headers["content-length"] ?? NaN);
    if (!/^application\/json/i.test(req.headers["content-type"] ?? "") || !(length > 0 && length <= readAheadLimit)) {
      app(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      req.rawBody = Buffer.concat(chunks);
      try {
        registerPersonalJson(JSON.parse(req.rawBody.toString("utf8")));
      } catch {
        // Not JSON: the API answers invalid-json; nothing to register.
      }
      app(req, res);
    });
  };
}
