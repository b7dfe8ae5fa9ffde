/**
 * HTTP load by autocannon: `connections` keep-alive clients for a fixed time, with a warm-up run first. A run that saw
 * any error, timeout or unexpected status, or completed nothing, throws: a benchmark of failing requests measures nothing.
 */
import autocannon, { type Request } from "autocannon";

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  warmupSeconds?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per-request headers (e.g. one token per user), merged over `headers`. */
  headersFor?: (i: number) => Record<string, string>;
}

export interface LoadResult {
  /** Completed requests per second. */
  perSecond: number;
  /** Response bytes per second. */
  bytesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function attempt(options: LoadOptions, seconds: number, measured: boolean): Promise<LoadResult> {
  let i = 0;
  const { headersFor } = options;
  const requests = headersFor
    ? [{ setupRequest: (request: Request): Request => ({ ...request, headers: { ...request.headers, ...headersFor(i++) } }) }]
    : undefined;
  return autocannon({
    url: options.url,
    connections: options.connections,
    duration: seconds,
    method: options.method ?? "GET",
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
    ...(requests ? { requests } : {}),
    timeout: 30,
  }).then((run) => {
    // A warm-up on a busy machine may finish nothing in its short time; a measured run that does measures nothing.
    if (measured && run.requests.total === 0) throw new Error(`load on ${new URL(options.url).pathname}: no request completed in ${seconds} s`);
    if (run.errors > 0 || run.timeouts > 0 || run.non2xx > 0) {
      throw new Error(`load on ${new URL(options.url).pathname}: ${run.errors} errors, ${run.timeouts} timeouts, ${run.non2xx} non-2xx answers`);
    }
    return { perSecond: run.requests.total / run.duration, bytesPerSecond: run.throughput.total / run.duration, p50Ms: run.latency.p50, p99Ms: run.latency.p99 };
  });
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  await attempt(options, options.warmupSeconds ?? 1, false);
  return attempt(options, options.seconds, true);
}
