/**
 * `npm start` (and `npm run dev` with --dev): Redis, the Auth emulator, the local Replicate-compatible server
 * (unless REPLICATE_API_TOKEN selects the real one), with BEZ_STORE=firestore-emulator the Cloud Firestore emulator
 * (unless FIRESTORE_EMULATOR_HOST names a running one), the API and the web app on loopback.
 * Prints one BEZ_READY line on stdout once every part answers (API.md §1); on Ctrl-C / SIGTERM, or when any
 * part dies, stops everything in reverse order and exits.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, loadStackConfig } from "./config.ts";
import type { StackConfig } from "./config.ts";
import { startApi } from "./processes/api.ts";
import { startAuthEmulator } from "./processes/auth-emulator.ts";
import { FIRESTORE_EMULATOR_INSTALL_HINT, findFirestoreEmulator, startFirestoreEmulator } from "./processes/firestore-emulator.ts";
import { describeExit } from "./processes/child.ts";
import type { ChildExit } from "./processes/child.ts";
import { portIsFree } from "./processes/free-port.ts";
import { startRedis } from "./processes/redis.ts";
import { startReplicate } from "./processes/replicate.ts";
import { startWeb } from "./processes/web.ts";

const dev = process.argv.includes("--dev");

/** The BEZ_READY payload, in API.md's key order. */
interface Ready {
  api: string | null;
  web: string | null;
  auth: string | null;
  projectId: string;
  redis: string | null;
  replicate: string | null;
  dataDir: string;
  store: "embedded" | "firestore-emulator";
  firestore: string | null;
}

/** A started part; null when nothing was spawned (an external Redis). */
type Started = { exited: Promise<ChildExit>; stop(): Promise<void> } | null;

interface StopReason {
  message: string;
  exitCode: number;
}

interface Part {
  name: string;
  start(signal: AbortSignal): Promise<Started>;
}

function say(line: string): void {
  process.stderr.write(`bez: ${line}\n`);
}

function fail(message: string): never {
  say(message);
  process.exit(1);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function required(value: string | null, what: string): string {
  if (value === null) throw new Error(`${what} is not running`);
  return value;
}

/** Fixed ports are checked up front, so a clash names the variable to change instead of failing mid-start. */
async function checkPorts(config: StackConfig): Promise<void> {
  const fixed: [string, number][] = [
    ["BEZ_AUTH_PORT", config.authPort],
    ["BEZ_API_PORT", config.apiPort],
    ...(config.replicate ? [["BEZ_REPLICATE_PORT", config.replicate.port] as [string, number]] : []),
    ...(config.web ? [["BEZ_WEB_PORT", config.webPort] as [string, number]] : []),
  ];
  const problems: string[] = [];
  for (const [i, [name, value]] of fixed.entries()) {
    const clash = fixed.slice(0, i).find(([, other]) => other === value);
    if (clash) problems.push(`${clash[0]} and ${name} are both ${value}: give each its own port`);
    else if (!(await portIsFree(value))) problems.push(`port ${value} is already in use: set ${name} to a free port`);
  }
  if (problems.length > 0) fail(problems.join("\n"));
}

async function main(): Promise<void> {
  const config = loadStackConfig();
  const documents = config.store === "embedded" ? "the embedded document store" : "the Cloud Firestore emulator";
  say(`this is a development stack (Auth emulator, ${documents}, a generated key): keep real data out of it.`);
  await checkPorts(config);
  const { dataDir } = config;
  await mkdir(dataDir, { recursive: true });

  const ready: Ready = {
    api: null,
    web: null,
    auth: null,
    projectId: config.projectId,
    redis: null,
    replicate: null,
    dataDir,
    store: config.store,
    firestore: null,
  };
  const webOrigins = [`http://127.0.0.1:${config.webPort}`, `http://localhost:${config.webPort}`];

  const redis: Part = {
    name: "redis",
    async start(signal) {
      if (config.redisUrl) {
        ready.redis = config.redisUrl;
        return null;
      }
      const server = await startRedis({ dir: join(dataDir, "run", "redis"), signal });
      ready.redis = server.url;
      return server;
    },
  };
  const auth: Part = {
    name: "auth",
    async start(signal) {
      const emulator = await startAuthEmulator({ port: config.authPort, projectId: config.projectId, dataDir, signal });
      ready.auth = emulator.host;
      return emulator;
    },
  };
  const replicate: Part = {
    name: "replicate",
    async start(signal) {
      if (!config.replicate) return null;
      const server = await startReplicate({ port: config.replicate.port, latencyMs: config.replicate.latencyMs, dataDir, signal });
      ready.replicate = server.url;
      return server;
    },
  };
  const firestore: Part = {
    name: "firestore",
    async start(signal) {
      if (config.store !== "firestore-emulator") return null;
      if (config.firestore.externalHost) {
        ready.firestore = config.firestore.externalHost;
        return null;
      }
      const launcher = findFirestoreEmulator(config.firestore.launcher);
      if (!launcher) throw new Error(`BEZ_STORE=firestore-emulator needs the Cloud Firestore emulator, which is not installed: ${FIRESTORE_EMULATOR_INSTALL_HINT}`);
      const emulator = await startFirestoreEmulator({ launcher, dataDir, projectId: config.projectId, signal });
      ready.firestore = emulator.host;
      return emulator;
    },
  };
  const api: Part = {
    name: "api",
    async start(signal) {
      const server = await startApi({
        port: config.apiPort,
        dataDir,
        redisUrl: required(ready.redis, "redis"),
        projectId: config.projectId,
        authHost: required(ready.auth, "the Auth emulator"),
        webOrigins,
        replicateUrl: ready.replicate,
        firestoreHost: ready.firestore,
        dev,
        signal,
      });
      ready.api = server.url;
      return server;
    },
  };
  const web: Part = {
    name: "web",
    async start(signal) {
      const server = await startWeb({
        port: config.webPort,
        apiUrl: required(ready.api, "the API"),
        projectId: config.projectId,
        authHost: required(ready.auth, "the Auth emulator"),
        dev,
        signal,
      });
      ready.web = server.url;
      return server;
    },
  };

  // Parts of one stage start in parallel; a stage starts once the previous one answers.
  const parts: Part[][] = [[redis, auth, replicate, firestore], [api], ...(config.web ? [[web]] : [])];

  const running: { name: string; stop(): Promise<void> }[] = [];
  // Aborting tells every part still starting to give up; the first reason to stop wins.
  const abort = new AbortController();
  let wake: (reason: StopReason) => void = () => {};
  const stopRequested = new Promise<StopReason>((resolve) => (wake = resolve));
  const requestStop = (message: string, exitCode: number) => {
    if (abort.signal.aborted) return;
    abort.abort();
    wake({ message, exitCode });
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => requestStop(`received ${signal}`, 0));
  }

  for (const stage of parts) {
    if (abort.signal.aborted) break;
    say(`starting ${stage.map((part) => part.name).join(" and ")}…`);
    await Promise.all(
      stage.map(async (part) => {
        try {
          const started = await part.start(abort.signal);
          if (!started) return;
          running.push({ name: part.name, stop: started.stop });
          void started.exited.then((exit) => requestStop(`${part.name} exited unexpectedly (${describeExit(exit)})`, 1));
        } catch (err) {
          // Only the first line: the part's output has already streamed to stderr.
          requestStop(`${part.name} failed to start: ${errorMessage(err).split("\n")[0]}`, 1);
        }
      }),
    );
  }
  if (!abort.signal.aborted) {
    process.stdout.write(`BEZ_READY ${JSON.stringify(ready)}\n`);
    say(`ready: API ${ready.api}${ready.web ? `, web ${ready.web}` : ""}. Ctrl-C stops everything.`);
  }

  const reason = await stopRequested;
  say(`${reason.message}; stopping…`);
  for (const part of running.reverse()) {
    try {
      await part.stop();
    } catch (err) {
      say(`could not stop ${part.name}: ${errorMessage(err)}`);
    }
  }
  say("stopped.");
  process.exit(reason.exitCode);
}

main().catch((err: unknown) => fail(err instanceof ConfigError ? err.message : `failed: ${errorMessage(err)}`));
