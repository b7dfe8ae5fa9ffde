/**
 * Ships log lines to Axiom's ingest API (`POST {url}/v1/datasets/{dataset}/ingest`) through Axiom's official client,
 * without ever holding up the code that logs: a write only parses the line into a bounded in-memory buffer, and
 * batches leave from a timer, when a batch fills, at the end of an invocation and at shutdown.
 *
 * Why not the client's own batching (`Axiom`, or the `@axiomhq/pino` transport on top of it): its queue has no
 * bound while a flush is stuck, a failed batch vanishes into `onError` (console.error by default), and each request
 * may wait 20 s plus a retry. Here the buffer holds at most `maxBuffered` events and drops the newest beyond that,
 * a failed or timed-out batch is dropped, every drop is counted, and each attempt is cut at `timeoutMs`.
 */
import { AxiomWithoutBatching } from "@axiomhq/js";
import type { DestinationStream } from "pino";
import type { LogSinkState } from "../../ports.ts";

export interface AxiomSinkOptions {
  token: string;
  dataset: string;
  /** Axiom's API base; its cloud when absent. */
  url?: string;
  maxBuffered?: number;
  batchSize?: number;
  flushIntervalMs?: number;
  /** One HTTP attempt's limit (the client retries a 5xx or network failure once). */
  timeoutMs?: number;
}

export interface AxiomSink extends DestinationStream {
  flush(): Promise<void>;
  state(): LogSinkState;
  close(): Promise<void>;
}

export function createAxiomSink(options: AxiomSinkOptions): AxiomSink {
  const maxBuffered = options.maxBuffered ?? 5000;
  const batchSize = options.batchSize ?? 500;
  const timeoutMs = options.timeoutMs ?? 5000;
  let failure: unknown = null;
  const client = new AxiomWithoutBatching({
    token: options.token,
    ...(options.url ? { url: options.url } : {}),
    onError: (error) => {
      failure = error;
    },
    fetch: (input, init) => {
      const signals = [AbortSignal.timeout(timeoutMs), ...(init?.signal ? [init.signal] : [])];
      return fetch(input, { ...init, signal: AbortSignal.any(signals) });
    },
  });

  let buffer: object[] = [];
  let dropped = 0;
  let lastFailed = false;
  let flushing: Promise<void> | null = null;

  async function send(batch: object[]): Promise<void> {
    failure = null;
    // The client never throws: it reports through onError and answers zero counts.
    const status = await client.ingest(options.dataset, batch, { timestampField: "time" });
    if (failure) {
      dropped += batch.length;
      lastFailed = true;
      return;
    }
    dropped += status.failed;
    lastFailed = false;
  }

  async function drain(): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, batchSize);
      buffer = buffer.slice(batch.length);
      await send(batch);
      // Axiom unreachable: stop here; the next tick tries again with what has been buffered by then.
      if (lastFailed) return;
    }
  }

  const flush = (): Promise<void> => {
    flushing ??= drain().finally(() => {
      flushing = null;
    });
    return flushing;
  };

  const timer = setInterval(() => void flush(), options.flushIntervalMs ?? 1000);
  timer.unref();

  return {
    write(line: string) {
      if (buffer.length >= maxBuffered) {
        dropped++;
        return;
      }
      try {
        buffer.push(JSON.parse(line) as object);
      } catch {
        dropped++;
        return;
      }
      if (buffer.length >= batchSize) void flush();
    },
    flush,
    state: () => ({ state: lastFailed || buffer.length >= maxBuffered ? "degraded" : "ok", dropped, buffered: buffer.length }),
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
