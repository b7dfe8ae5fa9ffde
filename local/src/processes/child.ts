/**
 * A child process that owns its own process group, so stopping it also stops everything it spawned
 * (npm, node --watch, next workers): no orphans survive the stack.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started at all (e.g. not installed). */
  error?: Error;
}

/** Receives each line a child prints (stdout and stderr alike). */
export type OutputSink = (line: string) => void;

export interface ChildOptions {
  name: string;
  command: string;
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Default: the line goes to stderr prefixed with the name (stdout is reserved for BEZ_READY). */
  onOutput?: OutputSink;
  /** The polite signal sent to the group on stop; SIGKILL follows after stopTimeoutMs. */
  stopSignal?: NodeJS.Signals;
  stopTimeoutMs?: number;
}

export interface Child {
  readonly name: string;
  readonly exited: Promise<ChildExit>;
  /** The last lines of output, for error messages. */
  recentOutput(): string;
  /** Resolves when a future output line matches. */
  outputMatches(pattern: RegExp): Promise<void>;
  /** Stops the whole process group; idempotent. */
  stop(): Promise<void>;
}

const RECENT_LINES = 40;
const KILL_WAIT_MS = 5000;

/** Groups still running: killed outright if this process exits without stopping them. */
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pgid of liveGroups) signalGroup(pgid, "SIGKILL");
});

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (err) {
    // EPERM means members exist that we may not signal; treat the group as alive.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function describeExit(exit: ChildExit): string {
  if (exit.error) return `could not start: ${exit.error.message}`;
  if (exit.signal) return `killed by ${exit.signal}`;
  return `exit code ${String(exit.code)}`;
}

export function prefixedToStderr(name: string): OutputSink {
  return (line) => process.stderr.write(`[${name}] ${line}\n`);
}

export function startChild(options: ChildOptions): Child {
  const { name, stopSignal = "SIGTERM", stopTimeoutMs = 5000 } = options;
  const sink = options.onOutput ?? prefixedToStderr(name);
  const recent: string[] = [];
  const watchers = new Set<{ pattern: RegExp; resolve: () => void }>();

  const proc = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pgid = proc.pid;
  if (pgid !== undefined) liveGroups.add(pgid);

  const exited = new Promise<ChildExit>((resolve) => {
    proc.once("error", (error) => resolve({ code: null, signal: null, error }));
    proc.once("exit", (code, signal) => resolve({ code, signal }));
  });

  const onLine = (line: string) => {
    recent.push(line);
    if (recent.length > RECENT_LINES) recent.shift();
    sink(line);
    for (const watcher of watchers) {
      if (watcher.pattern.test(line)) {
        watchers.delete(watcher);
        watcher.resolve();
      }
    }
  };
  for (const stream of [proc.stdout, proc.stderr] as Readable[]) {
    createInterface({ input: stream, crlfDelay: Infinity }).on("line", onLine);
  }

  async function groupGone(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    // The leader is reaped first, else a zombie leader keeps the group "alive".
    // Unref'd: a finished race must not hold the event loop open for the rest of the timeout.
    await Promise.race([exited, delay(timeoutMs, undefined, { ref: false })]);
    for (;;) {
      if (pgid === undefined || !signalGroup(pgid, 0)) return true;
      if (Date.now() >= deadline) return false;
      await delay(50);
    }
  }

  let stopping: Promise<void> | undefined;
  async function stopGroup(): Promise<void> {
    if (pgid === undefined) return;
    signalGroup(pgid, stopSignal);
    if (!(await groupGone(stopTimeoutMs))) {
      signalGroup(pgid, "SIGKILL");
      await groupGone(KILL_WAIT_MS);
    }
    liveGroups.delete(pgid);
  }

  function stop(): Promise<void> {
    stopping ??= stopGroup();
    return stopping;
  }

  return {
    name,
    exited,
    recentOutput: () => recent.join("\n"),
    outputMatches: (pattern) => new Promise((resolve) => watchers.add({ pattern, resolve })),
    stop,
  };
}
