/**
 * Google's Cloud Firestore emulator (the Cloud SDK's `cloud_firestore_emulator`, a Java program), started on a free
 * loopback port and stopped with its whole process group, so no Java process outlives it. firebase-tools cannot launch
 * this jar (it runs `java -jar` and the jar has no main manifest), so it is started directly.
 * With a dataDir its documents are exported on stop and seeded from that export on the next start.
 */
import { existsSync, realpathSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { inheritedEnv } from "../config.ts";
import { startChild } from "./child.ts";
import type { ChildExit, OutputSink } from "./child.ts";
import { freePort } from "./free-port.ts";
import { httpStatus, waitUntil } from "./wait.ts";

/** Where the Debian/RPM package `google-cloud-cli-firestore-emulator` puts the launcher. */
const PACKAGED_LAUNCHER = "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator";
/** The launcher's place inside any Cloud SDK root. */
const LAUNCHER_IN_SDK = join("platform", "cloud-firestore-emulator", "cloud_firestore_emulator");

/** How to run the emulator: its own launcher, or `gcloud emulators firestore start` (which runs the same jar). */
export type FirestoreLauncher = { kind: "launcher"; path: string } | { kind: "gcloud"; path: string };

export const FIRESTORE_EMULATOR_INSTALL_HINT =
  "install it with: sudo apt-get install -y google-cloud-cli-firestore-emulator openjdk-17-jre-headless (from Google's Cloud SDK apt repository), or set BEZ_FIRESTORE_EMULATOR to its cloud_firestore_emulator launcher";

function onPath(program: string, path: string): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Finds the emulator: `override` (BEZ_FIRESTORE_EMULATOR, a launcher path), then the packaged launcher, then the SDK
 * that `gcloud` on PATH belongs to. Null when none is installed.
 */
export function findFirestoreEmulator(
  override: string | null,
  path = inheritedEnv().PATH ?? "",
  packagedLauncher = PACKAGED_LAUNCHER,
): FirestoreLauncher | null {
  if (override) {
    if (!existsSync(override)) throw new Error(`BEZ_FIRESTORE_EMULATOR is ${override}, which does not exist`);
    return { kind: override.endsWith("gcloud") ? "gcloud" : "launcher", path: override };
  }
  if (existsSync(packagedLauncher)) return { kind: "launcher", path: packagedLauncher };
  const gcloud = onPath("gcloud", path);
  if (!gcloud) return null;
  const sdkLauncher = join(dirname(dirname(realpathSync(gcloud))), LAUNCHER_IN_SDK);
  return existsSync(sdkLauncher) ? { kind: "launcher", path: sdkLauncher } : { kind: "gcloud", path: gcloud };
}

export interface FirestoreEmulatorOptions {
  launcher: FirestoreLauncher;
  /** Default: a free port. */
  port?: number;
  /** Documents persist in <dataDir>/firestore (an emulator export); default: nothing persists. */
  dataDir?: string;
  /** The project whose (default) database is exported on stop. */
  projectId: string;
  signal?: AbortSignal;
  onOutput?: OutputSink;
}

export interface FirestoreEmulator {
  /** host:port, as FIRESTORE_EMULATOR_HOST wants it. */
  host: string;
  port: number;
  exited: Promise<ChildExit>;
  /** Removes every document of one database (the emulator's own reset endpoint). */
  clear(projectId: string, database?: string): Promise<void>;
  stop(): Promise<void>;
}

const EXPORT_NAME = "snapshot";
/** Printed by the emulator once it serves requests. */
const RUNNING = /Dev App Server is now running/;

function launchCommand(launcher: FirestoreLauncher, port: number, seed: string | null): { command: string; args: string[] } {
  if (launcher.kind === "gcloud") {
    // gcloud forwards to the same jar; it has no seeding flag, so this form starts empty.
    return { command: launcher.path, args: ["emulators", "firestore", "start", `--host-port=127.0.0.1:${port}`, "--quiet"] };
  }
  return { command: launcher.path, args: ["start", "--host=127.0.0.1", `--port=${port}`, ...(seed ? [`--seed_from_export=${seed}`] : [])] };
}

async function emulatorCall(url: string, method: "POST" | "DELETE", body?: unknown): Promise<void> {
  const response = await fetch(url, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the Firestore emulator answered ${response.status} to ${method} ${new URL(url).pathname}: ${text.slice(0, 200)}`);
}

export async function startFirestoreEmulator(options: FirestoreEmulatorOptions): Promise<FirestoreEmulator> {
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const persistDir = options.dataDir ? join(options.dataDir, "firestore") : null;
  const seedFile = persistDir ? join(persistDir, EXPORT_NAME, `${EXPORT_NAME}.overall_export_metadata`) : null;
  const seed = seedFile && existsSync(seedFile) ? seedFile : null;
  const cwd = options.dataDir ? join(options.dataDir, "run") : process.cwd();
  await mkdir(cwd, { recursive: true });
  const { command, args } = launchCommand(options.launcher, port, seed);
  const child = startChild({ name: "firestore", command, args, cwd, env: inheritedEnv(), onOutput: options.onOutput, stopTimeoutMs: 10_000 });
  let announced = false;
  void child.outputMatches(RUNNING).then(() => (announced = true));

  const clear = (projectId: string, database = "(default)") =>
    emulatorCall(`${base}/emulator/v1/projects/${projectId}/databases/${encodeURIComponent(database)}/documents`, "DELETE");

  /** Exports into a fresh folder, then swaps it in whole: a deleted document survives in no older export. */
  async function persist(): Promise<void> {
    if (!persistDir || !options.dataDir) return;
    const staging = join(options.dataDir, "run", "firestore-export");
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await emulatorCall(`${base}/emulator/v1/projects/${options.projectId}:export`, "POST", {
      database: `projects/${options.projectId}/databases/(default)`,
      export_directory: staging,
      export_name: EXPORT_NAME,
    });
    await rm(persistDir, { recursive: true, force: true });
    await rename(staging, persistDir);
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      try {
        if (announced) await persist();
      } finally {
        await child.stop();
      }
    })();
    return stopping;
  };
  try {
    await waitUntil(async () => announced && (await httpStatus(`${base}/`)) === 200, {
      what: `the Firestore emulator on port ${port}`,
      timeoutMs: 90_000,
      child,
      signal: options.signal,
    });
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { host: `127.0.0.1:${port}`, port, exited: child.exited, clear, stop };
}
