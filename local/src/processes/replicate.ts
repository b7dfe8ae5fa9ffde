/** The local Replicate-compatible server (local/src/replicate/cli.ts) in its own process, so rendering never stalls the stack. */
import { inheritedEnv } from "../config.ts";
import { startChild } from "./child.ts";
import type { ChildExit, OutputSink } from "./child.ts";
import { repoRoot } from "./repo-root.ts";
import { httpStatus, waitUntil } from "./wait.ts";

export interface ReplicateOptions {
  port: number;
  /** Total time of one prediction; undefined: the server's realistic default. */
  latencyMs: number | undefined;
  /** Absolute; the webhook secret persists in <dataDir>/replicate. */
  dataDir: string;
  signal?: AbortSignal;
  onOutput?: OutputSink;
}

export interface ReplicateProcess {
  /** The API base, http://127.0.0.1:<port>/v1. */
  url: string;
  exited: Promise<ChildExit>;
  stop(): Promise<void>;
}

export async function startReplicate(options: ReplicateOptions): Promise<ReplicateProcess> {
  const origin = `http://127.0.0.1:${options.port}`;
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(),
    BEZ_REPLICATE_PORT: String(options.port),
    BEZ_DATA_DIR: options.dataDir,
  };
  if (options.latencyMs === undefined) delete env.BEZ_REPLICATE_LATENCY_MS;
  else env.BEZ_REPLICATE_LATENCY_MS = String(options.latencyMs);
  const child = startChild({
    name: "replicate",
    command: process.execPath,
    args: ["--import", "tsx", "local/src/replicate/cli.ts"],
    cwd: repoRoot,
    env,
    onOutput: options.onOutput,
  });
  try {
    await waitUntil(async () => (await httpStatus(`${origin}/v1/_health`)) === 200, {
      what: `the Replicate-compatible server at ${origin}`,
      timeoutMs: 30_000,
      child,
      signal: options.signal,
    });
  } catch (err) {
    await child.stop();
    throw err;
  }
  return { url: `${origin}/v1`, exited: child.exited, stop: child.stop };
}
