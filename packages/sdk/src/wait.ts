/**
 * Waiting for a generation to reach a terminal status: the event stream first (one connection, updates as they
 * happen), re-opened when the server ends it early; polling when the stream cannot be had (a proxy that buffers or
 * refuses text/event-stream, a connection that keeps dropping).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type Generation, GenerationEvent, type GenerationStatus, terminalStatuses } from "@bez/contracts";
import { BezApiError } from "./errors.ts";
import { readEvents } from "./sse.ts";
import type { Transport } from "./transport.ts";

export interface WaitOptions {
  /** Called with each status or progress change. */
  onUpdate?: (update: { status: GenerationStatus; progress: number | null }) => void;
  signal?: AbortSignal;
  /** Gives up (throws a TimeoutError) after this long; default 15 minutes. */
  timeoutMs?: number;
  /** Polling interval once the event stream has been given up; default 1 s. */
  pollIntervalMs?: number;
  /** Skip the event stream and poll only. */
  poll?: boolean;
}

/** Stream failures tolerated before polling takes over. */
const streamFailuresBeforePolling = 2;

export async function waitForGeneration(transport: Transport, read: (id: string, signal?: AbortSignal) => Promise<Generation>, id: string, options: WaitOptions = {}): Promise<Generation> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15 * 60_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const isTerminal = (status: GenerationStatus) => terminalStatuses.includes(status);
  let last = "";
  const report = (status: GenerationStatus, progress: number | null) => {
    const key = `${status}:${progress}`;
    if (key !== last) options.onUpdate?.({ status, progress });
    last = key;
  };

  let failures = options.poll ? streamFailuresBeforePolling : 0;
  while (failures < streamFailuresBeforePolling) {
    try {
      const response = await transport.send("GET", `/v1/generations/${encodeURIComponent(id)}/events`, {
        headers: { accept: "text/event-stream" },
        signal,
      });
      if (!(response.headers.get("content-type") ?? "").startsWith("text/event-stream") || !response.body) {
        await response.body?.cancel();
        failures = streamFailuresBeforePolling;
        break;
      }
      let updates = 0;
      for await (const message of readEvents(response.body)) {
        if (message.event !== "status") continue;
        const update = GenerationEvent.parse(JSON.parse(message.data));
        updates++;
        report(update.status, update.progress);
        if (isTerminal(update.status)) return await read(id, signal);
      }
      // The server ends long streams on purpose: open a new one. A stream that ended with nothing in it counts as failed.
      failures = updates > 0 ? 0 : failures + 1;
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // An answer about the generation itself (404, 401) is final; the stream's own trouble is not.
      if (error instanceof BezApiError && error.status < 500 && error.status !== 429) throw error;
      failures++;
    }
  }

  for (;;) {
    const generation = await read(id, signal);
    report(generation.status, generation.progress);
    if (isTerminal(generation.status)) return generation;
    await sleep(options.pollIntervalMs ?? 1000, undefined, { signal });
  }
}
