/**
 * Playwright globalSetup: starts the whole local stack (`node scripts/start.mjs`) with a fresh BEZ_DATA_DIR and free
 * ports, waits for its `BEZ_READY {json}` line, and hands the URLs to the tests through the environment
 * (BEZ_E2E_WEB_URL, BEZ_E2E_API_URL, BEZ_E2E_AUTH_HOST, BEZ_E2E_PROJECT_ID, BEZ_E2E_REPLICATE_URL, BEZ_E2E_REDIS_URL — for a
 * spec that runs an API process of its own against the same Redis). The returned
 * teardown sends SIGTERM and waits for the stack to exit.
 *
 * Local predictions take BEZ_REPLICATE_LATENCY_MS (default here 4000 ms, so a browser test sees a generation run);
 * BEZ_E2E_REPLICATE_URL lets a test inject faults into the local Replicate-compatible server.
 *
 * When BEZ_E2E_WEB_URL is already set, that running stack is used and nothing is started.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const READY_TIMEOUT_MS = 300_000;
const DEFAULT_LATENCY_MS = "4000"; // a cold `next build` plus the Auth emulator's start-up
const STOP_TIMEOUT_MS = 30_000;

interface Ready {
  api: string;
  web: string | null;
  auth: string;
  projectId: string;
  redis: string | null;
  replicate?: string | null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.BEZ_E2E_WEB_URL) {
    process.stderr.write(`e2e: using the running stack at ${process.env.BEZ_E2E_WEB_URL}\n`);
    return undefined;
  }

  const dataDir = await mkdtemp(join(tmpdir(), "bez-e2e-"));
  const [apiPort, authPort, webPort, replicatePort] = await distinctFreePorts(4);
  const logDir = join(repoRoot, ".bez-test");
  mkdirSync(logDir, { recursive: true });
  const logPath = join(logDir, "e2e-stack.log");
  const log = createWriteStream(logPath);
  const tail: string[] = [];
  const remember = (line: string) => {
    log.write(`${line}\n`);
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };

  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      BEZ_DATA_DIR: dataDir,
      BEZ_API_PORT: String(apiPort),
      BEZ_AUTH_PORT: String(authPort),
      BEZ_WEB_PORT: String(webPort),
      BEZ_REPLICATE_PORT: String(replicatePort),
      BEZ_REPLICATE_LATENCY_MS: process.env.BEZ_REPLICATE_LATENCY_MS ?? DEFAULT_LATENCY_MS,
      BEZ_WEB: "1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  createInterface({ input: child.stderr! }).on("line", remember);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        process.stderr.write(`e2e: the stack did not stop within ${STOP_TIMEOUT_MS / 1000}s; killing it\n`);
        child.kill("SIGKILL");
        await waitForExit(child, 5_000);
      }
    }
    log.end();
    await rm(dataDir, { recursive: true, force: true });
  };

  let ready: Ready;
  try {
    ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the stack printed no BEZ_READY within ${READY_TIMEOUT_MS / 1000}s`)),
        READY_TIMEOUT_MS,
      );
      createInterface({ input: child.stdout! }).on("line", (line) => {
        remember(line);
        const match = /^BEZ_READY (\{.*\})\s*$/.exec(line);
        if (!match) return;
        clearTimeout(timer);
        try {
          resolve(JSON.parse(match[1]!) as Ready);
        } catch (err) {
          reject(new Error(`unreadable BEZ_READY line: ${line} (${String(err)})`));
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the stack exited before it was ready (code ${code}, signal ${signal})`));
      });
      child.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    if (!ready.web) throw new Error("the stack started without the web app (BEZ_READY has web: null)");
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- last lines of ${logPath} ---\n${tail.join("\n")}`, { cause: err });
  }

  process.env.BEZ_E2E_WEB_URL = ready.web;
  process.env.BEZ_E2E_API_URL = ready.api;
  process.env.BEZ_E2E_AUTH_HOST = ready.auth;
  process.env.BEZ_E2E_PROJECT_ID = ready.projectId;
  if (ready.replicate) process.env.BEZ_E2E_REPLICATE_URL = ready.replicate;
  if (ready.redis) process.env.BEZ_E2E_REDIS_URL = ready.redis;
  process.stderr.write(`e2e: stack ready — web ${ready.web}, API ${ready.api}, auth ${ready.auth} (log: ${logPath})\n`);
  return stop;
}
