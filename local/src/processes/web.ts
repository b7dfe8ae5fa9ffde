/** The Next.js web app: a production server (built first when the sources changed) or `next dev`. */
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { inheritedEnv } from "../config.ts";
import { describeExit, startChild } from "./child.ts";
import type { ChildExit, OutputSink } from "./child.ts";
import { repoRoot } from "./repo-root.ts";
import { exitOrAbort, httpStatus, waitUntil } from "./wait.ts";

export interface WebOptions {
  port: number;
  /** http://127.0.0.1:<apiPort> */
  apiUrl: string;
  projectId: string;
  /** host:port of the Auth emulator. */
  authHost: string;
  /** `next dev` instead of build + `next start`. */
  dev?: boolean;
  /** More runtime configuration (e.g. analytics stand-ins in a test); it never changes what `next build` makes. */
  env?: Record<string, string>;
  signal?: AbortSignal;
  onOutput?: OutputSink;
}

export interface WebServer {
  url: string;
  exited: Promise<ChildExit>;
  stop(): Promise<void>;
}

const webDir = join(repoRoot, "web");
const SOURCE_DIRS = [join(webDir, "src"), join(webDir, "app"), join(webDir, "public"), join(repoRoot, "packages", "contracts", "src")];
const CONFIG_FILE = /^((next|postcss|tailwind)\.config\.[cm]?[jt]s|(middleware|proxy|instrumentation)\.[jt]s|tsconfig\.json|package\.json|\.env.*)$/;

function nextBin(): string {
  const local = join(webDir, "node_modules", ".bin", "next");
  return existsSync(local) ? local : join(repoRoot, "node_modules", ".bin", "next");
}

async function newestSourceMtime(): Promise<number> {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(dir)) continue;
    for (const entry of await readdir(dir, { recursive: true })) files.push(join(dir, entry));
  }
  for (const entry of await readdir(webDir)) if (CONFIG_FILE.test(entry)) files.push(join(webDir, entry));
  // A file can vanish between listing and stat (editor temp files); it then counts for nothing.
  const times = await Promise.all(files.map((file) => stat(file).then((s) => s.mtimeMs, () => 0)));
  return Math.max(0, ...times);
}

/** A failed build leaves no BUILD_ID, so a missing one also means "build". */
async function buildIsStale(): Promise<boolean> {
  const buildId = join(webDir, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  return (await newestSourceMtime()) > (await stat(buildId)).mtimeMs;
}

function webEnv(options: WebOptions): NodeJS.ProcessEnv {
  return {
    ...inheritedEnv(),
    PORT: String(options.port),
    // The local stack's demo Firebase values and Auth emulator; a production build would refuse them.
    BEZ_ENV: "local",
    BEZ_API_URL: options.apiUrl,
    BEZ_PROJECT_ID: options.projectId,
    BEZ_AUTH_EMULATOR_HOST: options.authHost,
    BEZ_FIREBASE_API_KEY: "demo-api-key",
    NEXT_TELEMETRY_DISABLED: "1",
    ...options.env,
  };
}

/** Runs `next build` when web/.next is missing or older than any source or config file. */
export async function buildWebIfStale(options: WebOptions): Promise<void> {
  if (!(await buildIsStale())) return;
  options.signal?.throwIfAborted();
  process.stderr.write("building the web app…\n");
  const child = startChild({
    name: "web build",
    command: process.execPath,
    args: [nextBin(), "build"],
    cwd: webDir,
    env: webEnv(options),
    onOutput: options.onOutput,
  });
  const exit = await exitOrAbort(child, options.signal);
  if (exit.code !== 0) throw new Error(`next build failed (${describeExit(exit)})`);
}

export async function startWeb(options: WebOptions): Promise<WebServer> {
  if (!options.dev) await buildWebIfStale(options);
  const url = `http://127.0.0.1:${options.port}`;
  const child = startChild({
    name: "web",
    command: process.execPath,
    args: [nextBin(), options.dev ? "dev" : "start", "-p", String(options.port), "-H", "127.0.0.1"],
    cwd: webDir,
    env: webEnv(options),
    onOutput: options.onOutput,
    stopTimeoutMs: 10_000,
  });
  try {
    // `next dev` compiles the page on this first request, hence the longer wait.
    await waitUntil(async () => ((await httpStatus(url)) ?? 500) < 500, {
      what: `the web app at ${url}`,
      timeoutMs: options.dev ? 300_000 : 90_000,
      child,
      signal: options.signal,
    });
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { url, exited: child.exited, stop: child.stop };
}
