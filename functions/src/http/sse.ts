/**
 * Server-sent events by polling: the DocumentStore port has no watch, so the stream re-reads its source at a short
 * interval and sends an event only when the value changed; news of a change made in this process (`wake`) cuts the
 * wait short. A comment line every 15 s keeps proxies from closing an idle stream. Streams end on their own before a
 * platform request timeout would cut them; EventSource reconnects.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Response } from "express";

export interface PollStreamOptions<T> {
  event: string;
  /** Reads the current value. */
  read(): Promise<T>;
  /** After sending a value for which this is true, the stream ends. */
  isLast(value: T): boolean;
  pollMs?: number;
  heartbeatMs?: number;
  /** Cloud Functions' request timeout is 120 s: end cleanly before it. */
  maxMs?: number;
  /**
   * Awaited every `refreshMs` while the stream is open (to go and fetch news the source would not get otherwise):
   * inside the request, so it never runs after the response, and one at a time.
   */
  refresh?: () => Promise<void>;
  refreshMs?: number;
  /** Subscribes to news that the source changed (the next read then happens at once); returns the unsubscribe. */
  wake?: (listener: () => void) => () => void;
}

/** No refresh starts this close to `maxMs`, so a slow one still ends before the platform's request timeout. */
const refreshReserveMs = 30_000;

export async function pollStream<T>(res: Response, first: T, options: PollStreamOptions<T>): Promise<void> {
  const { pollMs = 500, heartbeatMs = 15_000, maxMs = 100_000, refreshMs = 2000 } = options;
  res.status(200);
  res.setHeader("Content-Type", "text/event-stream; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("X-Accel-Buffering", "no");
  res.flushHeaders();

  let closed = false;
  const stop = new AbortController();
  // The response's close, not the request's: a GET's request stream closes as soon as it has been read.
  res.on("close", () => {
    closed = true;
    stop.abort();
  });
  // A change heard while reading is not lost: the next wait is then skipped.
  let changed = false;
  let interrupt: AbortController | null = null;
  const unsubscribe = options.wake?.(() => {
    changed = true;
    interrupt?.abort();
  });
  const send = (value: T) => res.write(`event: ${options.event}\ndata: ${JSON.stringify(value)}\n\n`);

  res.write("retry: 2000\n\n");
  send(first);
  let last = JSON.stringify(first);
  let done = options.isLast(first);
  const started = Date.now();
  let lastWrite = started;
  let lastRefresh = started;
  try {
    while (!done && !closed && Date.now() - started < maxMs) {
      if (!changed) await nap(pollMs, stop.signal, (interrupt = new AbortController()));
      changed = false;
      interrupt = null;
      if (options.refresh && Date.now() - lastRefresh >= refreshMs && Date.now() - started < maxMs - refreshReserveMs) {
        await options.refresh();
        lastRefresh = Date.now();
      }
      const value = await options.read();
      const text = JSON.stringify(value);
      if (text !== last) {
        send(value);
        last = text;
        lastWrite = Date.now();
        done = options.isLast(value);
      } else if (Date.now() - lastWrite >= heartbeatMs) {
        res.write(": heartbeat\n\n");
        lastWrite = Date.now();
      }
    }
  } catch (error) {
    // The client went away mid-wait, or the source failed after the headers went out: just end the stream.
    if (!closed && !(error instanceof Error && error.name === "AbortError")) res.write(": error\n\n");
  } finally {
    unsubscribe?.();
    if (!closed) res.end();
  }
}

/** Waits `ms`, or less when `interrupt` is aborted; rejects (AbortError) when `stop` is. */
async function nap(ms: number, stop: AbortSignal, interrupt: AbortController): Promise<void> {
  try {
    await sleep(ms, undefined, { signal: AbortSignal.any([stop, interrupt.signal]) });
  } catch (error) {
    if (stop.aborted) throw error;
  }
}
