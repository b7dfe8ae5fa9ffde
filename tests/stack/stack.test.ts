/**
 * Black-box tests of `npm start` (node scripts/start.mjs, API.md §1): the BEZ_READY line, the API and the local
 * Replicate-compatible server behind it, a stop that leaves no process behind, Auth accounts and the webhook
 * secret surviving a restart, and a clear error for a taken port.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts, portIsFree } from "../../local/src/processes/free-port.ts";
import { createUser, signIn } from "../helpers/auth-emulator-client.ts";

const repoRoot = resolve(import.meta.dirname, "../..");
const READY_KEYS = ["api", "web", "auth", "projectId", "redis", "replicate", "dataDir", "store", "firestore"];

interface Ready {
  api: string;
  web: string | null;
  auth: string;
  projectId: string;
  redis: string;
  replicate: string | null;
  dataDir: string;
  store: "embedded" | "firestore-emulator";
  firestore: string | null;
}

/** A running `node scripts/start.mjs`. */
interface Run {
  proc: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
  /** Every "BEZ_READY …" line, as printed. */
  readyLines: string[];
  /** Resolves with the first BEZ_READY line. */
  firstReady: Promise<string>;
}

interface Stack extends Run {
  ready: Ready;
}

function run(env: Record<string, string>): Run {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // The stack under test spawns its own Redis, Replicate-compatible server and (when asked) Firestore emulator.
  delete childEnv.BEZ_REDIS_URL;
  delete childEnv.REPLICATE_API_TOKEN;
  if (!("FIRESTORE_EMULATOR_HOST" in env)) delete childEnv.FIRESTORE_EMULATOR_HOST;
  const proc = spawn(process.execPath, ["scripts/start.mjs"], { cwd: repoRoot, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  let stdout = "";
  const readyLines: string[] = [];
  let onReady: (line: string) => void = () => {};
  const firstReady = new Promise<string>((resolve) => (onReady = resolve));
  proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    const lines = stdout.split("\n");
    stdout = lines.pop() ?? "";
    for (const line of lines.filter((l) => l.startsWith("BEZ_READY "))) {
      readyLines.push(line);
      onReady(line);
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return { proc, stderr: () => stderr, exited, readyLines, firstReady };
}

async function startStack(env: Record<string, string>): Promise<Stack> {
  const started = run(env);
  const line = await Promise.race([
    started.firstReady,
    started.exited.then((code) => {
      throw new Error(`npm start exited (${code}) before BEZ_READY:\n${started.stderr().slice(-4000)}`);
    }),
  ]);
  return { ...started, ready: JSON.parse(line.slice("BEZ_READY ".length)) as Ready };
}

async function stopStack(stack: Stack): Promise<number | null> {
  stack.proc.kill("SIGTERM");
  const code = await Promise.race([stack.exited, delay(60_000, "timeout" as const, { ref: false })]);
  if (code === "timeout") {
    stack.proc.kill("SIGKILL");
    throw new Error(`npm start did not exit within 60 s of SIGTERM:\n${stack.stderr().slice(-4000)}`);
  }
  return code;
}

/** Processes whose command line or environment mentions the data dir, or whose arguments name one of the ports. */
async function leftovers(dataDir: string, ports: number[]): Promise<string[]> {
  const portPattern = new RegExp(`(^|[\\s:=])(${ports.join("|")})$`);
  const found: string[] = [];
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const [cmdline, environ] = await Promise.all(
      ["cmdline", "environ"].map((file) => readFile(`/proc/${pid}/${file}`, "utf8").catch(() => "")),
    );
    const args = (cmdline ?? "").split("\0").filter(Boolean);
    const mentions =
      (cmdline ?? "").includes(dataDir) ||
      (environ ?? "").includes(dataDir) ||
      args.some((arg) => arg.split(/\s+/).some((word) => portPattern.test(word)));
    if (mentions) found.push(`${pid}: ${args.join(" ")}`);
  }
  return found;
}

async function waitForNoLeftovers(dataDir: string, ports: number[]): Promise<string[]> {
  let found = await leftovers(dataDir, ports);
  for (let i = 0; i < 50 && found.length > 0; i++) {
    await delay(100);
    found = await leftovers(dataDir, ports);
  }
  return found;
}

/** A fresh data dir and free ports for a stack without the web app, with `extra` settings. */
async function stackEnv(extra: Record<string, string> = {}): Promise<{ dataDir: string; ports: [number, number, number]; env: Record<string, string> }> {
  const dataDir = await mkdtemp(join(tmpdir(), "bez-stack-"));
  const ports = (await freePorts(3)) as [number, number, number];
  const [apiPort, authPort, replicatePort] = ports;
  const env = { BEZ_WEB: "0", BEZ_DATA_DIR: dataDir, BEZ_API_PORT: `${apiPort}`, BEZ_AUTH_PORT: `${authPort}`, BEZ_REPLICATE_PORT: `${replicatePort}`, ...extra };
  return { dataDir, ports, env };
}

async function stopAndClean(stack: Stack | undefined, dataDir: string): Promise<void> {
  if (stack && stack.proc.exitCode === null && stack.proc.signalCode === null) await stopStack(stack);
  await rm(dataDir, { recursive: true, force: true });
}

describe("npm start (BEZ_WEB=0)", () => {
  let dataDir: string;
  let env: Record<string, string>;
  let apiPort: number;
  let authPort: number;
  let replicatePort: number;
  let webhookSecret: string;
  let stack: Stack | undefined;
  const account = { email: "stack-test@example.com", password: "stack-test-password" };
  let accountId: string;

  beforeAll(async () => {
    let ports: [number, number, number];
    ({ dataDir, ports, env } = await stackEnv());
    [apiPort, authPort, replicatePort] = ports;
    stack = await startStack(env);
  });

  afterAll(() => stopAndClean(stack, dataDir));

  it("prints one BEZ_READY line with every key, web null", () => {
    const ready = stack!.ready;
    expect(Object.keys(ready)).toEqual(READY_KEYS);
    expect(ready).toEqual({
      api: `http://127.0.0.1:${apiPort}`,
      web: null,
      auth: `127.0.0.1:${authPort}`,
      projectId: "demo-bez",
      redis: expect.stringMatching(/^redis:\/\/127\.0\.0\.1:\d+$/),
      replicate: `http://127.0.0.1:${replicatePort}/v1`,
      dataDir,
      store: "embedded",
      firestore: null,
    });
  });

  it("serves /v1/health with 200", async () => {
    const response = await fetch(`${stack!.ready.api}/v1/health`);
    expect(response.status).toBe(200);
  });

  it("answers /v1/me without a token with 401 problem+json", async () => {
    const response = await fetch(`${stack!.ready.api}/v1/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("runs the Replicate-compatible server on the announced URL, with a webhook signing secret", async () => {
    const response = await fetch(`${stack!.ready.replicate}/webhooks/default/secret`, { headers: { authorization: "Bearer local" } });
    expect(response.status).toBe(200);
    const { key } = (await response.json()) as { key: string };
    expect(key).toMatch(/^whsec_[A-Za-z0-9+/]{40,}={0,2}$/);
    webhookSecret = key;
  });

  it("runs the Auth emulator on the announced host", async () => {
    const session = await createUser(account.email, account.password, { host: stack!.ready.auth, projectId: stack!.ready.projectId });
    accountId = session.localId;
    expect(accountId).toBeTruthy();
  });

  it("stops on SIGTERM and leaves no process behind", { timeout: 90_000 }, async () => {
    const ports = [apiPort, authPort, replicatePort, Number(new URL(stack!.ready.redis).port)];
    // The probe must see the running stack, or its empty answer after the stop would prove nothing.
    expect((await leftovers(dataDir, ports)).length).toBeGreaterThanOrEqual(4);
    const code = await stopStack(stack!);
    expect(code).toBe(0);
    expect(stack!.readyLines).toHaveLength(1);
    expect(await waitForNoLeftovers(dataDir, ports)).toEqual([]);
    expect(await portIsFree(apiPort)).toBe(true);
    expect(await portIsFree(authPort)).toBe(true);
    expect(await portIsFree(replicatePort)).toBe(true);
  });

  it("keeps Auth accounts and the webhook secret across a restart on the same data dir", { timeout: 150_000 }, async () => {
    stack = await startStack(env);
    const session = await signIn(account.email, account.password, { host: stack.ready.auth, projectId: stack.ready.projectId });
    expect(session.localId).toBe(accountId);
    const response = await fetch(`${stack.ready.replicate}/webhooks/default/secret`, { headers: { authorization: "Bearer local" } });
    expect(((await response.json()) as { key: string }).key).toBe(webhookSecret);
    expect(await stopStack(stack)).toBe(0);
  });
});

describe("npm start with BEZ_STORE=firestore-emulator", () => {
  let dataDir: string;
  let env: Record<string, string>;
  let stack: Stack | undefined;
  const account = { email: "stack-firestore@example.com", password: "stack-test-password" };

  beforeAll(async () => {
    ({ dataDir, env } = await stackEnv({ BEZ_STORE: "firestore-emulator" }));
    stack = await startStack(env);
  });

  afterAll(() => stopAndClean(stack, dataDir));

  /** The profile document as the emulator itself serves it (REST, as the owner), or null. */
  async function profileInEmulator(ready: Ready, uid: string): Promise<{ fields: Record<string, unknown> } | null> {
    const url = `http://${ready.firestore}/v1/projects/${ready.projectId}/databases/(default)/documents/users/${uid}`;
    const response = await fetch(url, { headers: { authorization: "Bearer owner" } });
    if (response.status === 404) return null;
    expect(response.status).toBe(200);
    return (await response.json()) as { fields: Record<string, unknown> };
  }

  it(
    "runs the API on the Firestore emulator: documents land there, survive a restart, and no Java process outlives the stop",
    { timeout: 240_000 },
    async () => {
      const ready = stack!.ready;
      expect(ready.store).toBe("firestore-emulator");
      expect(ready.firestore).toMatch(/^127\.0\.0\.1:\d+$/);

      const session = await createUser(account.email, account.password, { host: ready.auth, projectId: ready.projectId });
      expect(await profileInEmulator(ready, session.localId)).toBeNull();
      const me = await fetch(`${ready.api}/v1/me`, { headers: { authorization: `Bearer ${session.idToken}` } });
      expect(me.status).toBe(200);
      const created = ((await me.json()) as { createdAt: string }).createdAt;
      expect((await profileInEmulator(ready, session.localId))?.fields).toHaveProperty("createdAt");
      // Nothing of the embedded store is written beside it.
      expect(await readdir(dataDir)).not.toContain("documents");

      const firestorePort = Number(ready.firestore?.split(":")[1]);
      const java = async () => (await leftovers(dataDir, [firestorePort])).filter((line) => /java/.test(line));
      expect(await java()).not.toEqual([]);
      expect(await stopStack(stack!)).toBe(0);
      expect(await waitForNoLeftovers(dataDir, [firestorePort])).toEqual([]);
      expect(await portIsFree(firestorePort)).toBe(true);

      stack = await startStack(env);
      const again = await signIn(account.email, account.password, { host: stack.ready.auth, projectId: stack.ready.projectId });
      expect(await profileInEmulator(stack.ready, again.localId)).not.toBeNull();
      const meAgain = await fetch(`${stack.ready.api}/v1/me`, { headers: { authorization: `Bearer ${again.idToken}` } });
      expect(((await meAgain.json()) as { createdAt: string }).createdAt).toBe(created);
      expect(await stopStack(stack)).toBe(0);
    },
  );
});

describe("npm start with a taken port", () => {
  it("fails fast, naming the variable to change", { timeout: 60_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "bez-stack-port-"));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const takenPort = typeof address === "object" && address ? address.port : 0;
    try {
      const [authPort, replicatePort] = await freePorts(2);
      const started = run({
        BEZ_WEB: "0",
        BEZ_DATA_DIR: dataDir,
        BEZ_API_PORT: String(takenPort),
        BEZ_AUTH_PORT: String(authPort),
        BEZ_REPLICATE_PORT: String(replicatePort),
      });
      const code = await started.exited;
      expect(code).not.toBe(0);
      expect(started.readyLines).toEqual([]);
      expect(started.stderr()).toContain(`port ${takenPort} is already in use: set BEZ_API_PORT`);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
