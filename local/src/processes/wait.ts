/** Readiness polling that gives up early when the child dies or the caller aborts. */
import { setTimeout as delay } from "node:timers/promises";
import { describeExit } from "./child.ts";
import type { Child, ChildExit } from "./child.ts";

export interface WaitOptions {
  /** What is awaited, for the timeout message ("the API at http://…"). */
  what: string;
  timeoutMs: number;
  /** The process expected to become ready: its death ends the wait, quoting its last output. */
  child: Child;
  signal?: AbortSignal;
}

function withOutput(message: string, child: Child): Error {
  const output = child.recentOutput();
  return new Error(output ? `${message}\nits last output:\n${output}` : message);
}

/** Polls `check` until it answers true; throws on timeout, on the child's exit, or on abort. */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const { child, signal } = options;
  const deadline = Date.now() + options.timeoutMs;
  let exit: ChildExit | undefined;
  void child.exited.then((e) => (exit = e));
  for (;;) {
    signal?.throwIfAborted();
    if (await check()) return;
    if (exit) throw withOutput(`${child.name} exited before it was ready (${describeExit(exit)})`, child);
    if (Date.now() > deadline) throw withOutput(`${options.what} was not ready after ${options.timeoutMs / 1000} s`, child);
    await delay(200, undefined, { signal });
  }
}

/** The HTTP status of a GET, or null while nothing answers. */
export async function httpStatus(url: string): Promise<number | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "manual" });
    await response.body?.cancel();
    return response.status;
  } catch {
    return null;
  }
}

/** Waits for the child to exit, or stops it when the caller aborts first. */
export async function exitOrAbort(child: Child, signal?: AbortSignal): Promise<ChildExit> {
  const onAbort = () => void child.stop();
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const exit = await child.exited;
    if (signal?.aborted) {
      await child.stop();
      signal.throwIfAborted();
    }
    return exit;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
