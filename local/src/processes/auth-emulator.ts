/**
 * The Firebase Auth emulator (firebase-tools). Everything it writes — generated firebase.json, debug logs,
 * its configstore, the hub locator file, export temp dirs — stays in one run directory, and with a
 * dataDir its accounts are exported on exit and imported on the next start.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inheritedEnv } from "../config.ts";
import { startChild } from "./child.ts";
import type { ChildExit, OutputSink } from "./child.ts";
import { freePorts } from "./free-port.ts";
import { repoRoot } from "./repo-root.ts";
import { httpStatus, waitUntil } from "./wait.ts";

export interface AuthEmulatorOptions {
  port: number;
  projectId: string;
  /** Accounts persist in <dataDir>/auth and the run files live in <dataDir>/run/; default: a temp dir, removed on stop. */
  dataDir?: string;
  signal?: AbortSignal;
  onOutput?: OutputSink;
}

export interface AuthEmulator {
  /** host:port, as FIREBASE_AUTH_EMULATOR_HOST wants it. */
  host: string;
  port: number;
  projectId: string;
  exited: Promise<ChildExit>;
  stop(): Promise<void>;
}

/** Printed by firebase-tools once every emulator has started and imported its data. */
const ALL_READY = /All emulators ready/;

async function prepareRunDir(runDir: string, authPort: number): Promise<string> {
  await mkdir(join(runDir, "config"), { recursive: true });
  await mkdir(join(runDir, "tmp"), { recursive: true });
  // An interrupted export leaves a firebase-export-* temp dir behind; its accounts must not linger.
  for (const entry of await readdir(runDir)) {
    if (entry.startsWith("firebase-export-")) await rm(join(runDir, entry), { recursive: true, force: true });
  }
  // Hub and logging ports are ours to choose too, so parallel stacks never race for firebase's defaults.
  const [hubPort, loggingPort] = await freePorts(2);
  const config = {
    emulators: {
      auth: { host: "127.0.0.1", port: authPort },
      hub: { host: "127.0.0.1", port: hubPort },
      logging: { host: "127.0.0.1", port: loggingPort },
      ui: { enabled: false },
    },
  };
  const configPath = join(runDir, "firebase.json");
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return configPath;
}

export async function startAuthEmulator(options: AuthEmulatorOptions): Promise<AuthEmulator> {
  const { port, projectId, dataDir } = options;
  const runDir = dataDir ? join(dataDir, "run", "auth-emulator") : await mkdtemp(join(tmpdir(), "bez-auth-"));
  const configPath = await prepareRunDir(runDir, port);
  const exportDir = dataDir ? join(dataDir, "auth") : null;
  const persistence = exportDir
    ? [
        // --import fails on a folder that holds no export yet (the first run).
        ...(existsSync(join(exportDir, "firebase-export-metadata.json")) ? ["--import", exportDir] : []),
        "--export-on-exit",
        exportDir,
      ]
    : [];

  const child = startChild({
    name: "auth",
    command: process.execPath,
    args: [
      join(repoRoot, "node_modules", ".bin", "firebase"),
      "emulators:start",
      "--only",
      "auth",
      "--project",
      projectId,
      "--config",
      configPath,
      "--non-interactive",
      ...persistence,
    ],
    cwd: runDir,
    env: {
      ...inheritedEnv(),
      // Keeps firebase-tools' configstore and hub locator inside the run dir.
      XDG_CONFIG_HOME: join(runDir, "config"),
      TMPDIR: join(runDir, "tmp"),
      // No update check and no message-of-the-day fetch: nothing leaves the machine, nothing prompts.
      NO_UPDATE_NOTIFIER: "1",
      CI: "true",
    },
    onOutput: options.onOutput,
    // SIGINT is firebase-tools' clean shutdown, which runs --export-on-exit.
    stopSignal: "SIGINT",
    stopTimeoutMs: 15_000,
  });
  let announced = false;
  void child.outputMatches(ALL_READY).then(() => (announced = true));

  const stop = async () => {
    await child.stop();
    if (!dataDir) await rm(runDir, { recursive: true, force: true });
  };
  try {
    await waitUntil(async () => announced && (await httpStatus(`http://127.0.0.1:${port}/`)) === 200, {
      what: `the Auth emulator on port ${port}`,
      timeoutMs: 120_000,
      child,
      signal: options.signal,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { host: `127.0.0.1:${port}`, port, projectId, exited: child.exited, stop };
}
