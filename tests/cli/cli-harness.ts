/**
 * Runs the `bez` CLI as a child process against the generation stack (real API app, local Replicate-compatible
 * server, real Redis and Auth emulator). The CLI is bundled from source once per test file (the same esbuild build
 * npm publishes), so a test never depends on a manual build and each run starts in milliseconds.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreatedAccessToken } from "@bez/contracts";
import { createUser, type AuthSession } from "../helpers/auth-emulator-client.ts";

export const repoRoot = join(import.meta.dirname, "../..");

/** Builds the CLI bundle under packages/cli/.bez-test (git-ignored, where node finds the workspace's dependencies). */
export async function buildCli(): Promise<{ bin: string; remove(): Promise<void> }> {
  const dir = join(repoRoot, "packages/cli/.bez-test");
  await mkdir(dir, { recursive: true });
  const bin = join(dir, `bez-${process.pid}-${randomUUID().slice(0, 8)}.mjs`);
  const built = spawnSync(process.execPath, [join(repoRoot, "packages/cli/build.mjs"), bin], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the CLI failed: ${built.stderr}`);
  return { bin, remove: () => rm(bin, { force: true }) };
}

export interface CliUser {
  session: AuthSession;
  token: string;
  /** BEZ_CONFIG_DIR for this user's CLI runs. */
  configDir: string;
  /** A scratch folder for files. */
  workDir: string;
}

export async function newCliUser(apiUrl: string): Promise<CliUser> {
  const session = await createUser(`cli-${randomUUID()}@example.test`, "correct horse battery staple");
  const response = await fetch(`${apiUrl}/v1/me/tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${session.idToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "CLI tests", expiresInDays: 1 }),
  });
  if (response.status !== 201) throw new Error(`creating a token answered ${response.status}: ${await response.text()}`);
  const { token } = CreatedAccessToken.parse(await response.json());
  const workDir = await mkdtemp(join(tmpdir(), "bez-cli-"));
  return { session, token, configDir: join(workDir, "config"), workDir };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  configDir?: string;
  cwd?: string;
  stdin?: string;
  env?: Record<string, string>;
  /** Node flags before the script (e.g. --import a preload). */
  nodeArgs?: string[];
}

/** Starts the CLI; the environment is minimal, so nothing of the test runner's leaks in. */
export function spawnCli(bin: string, args: string[], options: CliOptions = {}): ChildProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH, HOME: options.configDir ?? tmpdir(), ...(options.configDir ? { BEZ_CONFIG_DIR: options.configDir } : {}), ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin?.end(options.stdin ?? "");
  return child;
}

export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runCli(bin: string, args: string[], options: CliOptions = {}): Promise<CliRun> {
  return finished(spawnCli(bin, args, options));
}

export async function removeUser(user: CliUser): Promise<void> {
  await rm(user.workDir, { recursive: true, force: true });
}
