/**
 * Runs the real API (functions/src/local.ts) as a child process, for what must be measured from outside: its
 * peak memory (VmHWM in /proc/<pid>/status). Same test env as startTestApi: the run's redis and Auth emulator.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { bundleForNode } from "../../scripts/bundle-for-node.mjs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testEnv } from "./api-server.ts";
import { type StoreSelection, selectTestStore } from "./test-store.ts";

export interface ApiProcess {
  url: string;
  pid: number;
  /** Peak resident set size so far, in MiB. */
  peakRssMiB(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no TCP port");
  return address.port;
}

const repoRoot = join(import.meta.dirname, "../..");

/**
 * functions/src/local.ts bundled the way the deploy bundles the API (esbuild; npm dependencies external), so memory
 * is measured without tsx's in-process compiler and source maps (about 50 MB on its own). The bundle sits under
 * functions/ (ignored by git) so that Node resolves the dependencies from the workspace's node_modules.
 */
async function bundleLocalApi(): Promise<string> {
  const outfile = join(repoRoot, "functions/.bez-test", `local-${process.pid}-${Date.now()}.mjs`);
  await bundleForNode({ packageDir: join(repoRoot, "functions"), entry: join(repoRoot, "functions/src/local.ts"), outfile, logLevel: "error" });
  return outfile;
}

/**
 * `dataDir`: an existing data dir to serve (prepared by the test, which then also removes it); else a fresh one.
 * `bundled`: run the API as deployed (one esbuild bundle) instead of through tsx.
 * `store`: the document store a test prepared (and then also empties); else the project's choice, emptied on stop.
 */
export async function startApiProcess(options: { dataDir?: string; bundled?: boolean; store?: StoreSelection } = {}): Promise<ApiProcess> {
  const env = testEnv();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "bez-api-proc-")));
  const port = await freePort();
  const bundle = options.bundled ? await bundleLocalApi() : null;
  const store = options.store ?? selectTestStore(env.projectId);
  const child: ChildProcess = spawn(process.execPath, bundle ? [bundle] : ["--import", "tsx", "functions/src/local.ts"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      BEZ_ENV: "test",
      BEZ_PROJECT_ID: env.projectId,
      BEZ_DATA_DIR: dataDir,
      BEZ_REDIS_URL: env.redisUrl,
      FIREBASE_AUTH_EMULATOR_HOST: env.authHost,
      BEZ_API_PORT: String(port),
      BEZ_WEB_ORIGINS: "http://127.0.0.1:3000",
      BEZ_LOG_LEVEL: "error",
      ...store.env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    if (!options.store) await store.clear();
    if (bundle) await rm(bundle, { force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited early: ${stderr}`);
    const ok = await fetch(`${url}/v1/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the API did not become healthy: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error("no pid");
  return {
    url,
    pid,
    async peakRssMiB() {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
      if (!Number.isFinite(kib)) throw new Error("no VmHWM in /proc status");
      return kib / 1024;
    },
    stop,
  };
}
