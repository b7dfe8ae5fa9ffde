/**
 * One HTTP exchange with the API, with retries: bearer auth, problem+json errors, Retry-After. Every request goes to
 * the configured API origin and nowhere else (paths only; an absolute URL is refused).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { BezNetworkError, apiErrorOf } from "./errors.ts";
import { type RetryPolicy, defaultRetryPolicy, retryDelay } from "./retry.ts";

/** A bearer token (personal access token or Firebase ID token), or a function that returns a fresh one per request. */
export type TokenSource = string | (() => string | Promise<string>);

export interface RetryNotice {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  error: unknown;
}

export interface TransportOptions {
  /** The API's base URL, e.g. https://api.example.com or http://127.0.0.1:8787 (without /v1). */
  apiUrl: string;
  token?: TokenSource;
  retry?: Partial<RetryPolicy>;
  /** Called before each wait between tries (to show "rate limited, waiting 3 s"). */
  onRetry?: (notice: RetryNotice) => void;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
}

export interface SendOptions {
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Raw bytes (kept in memory, so a retry can send them again). */
  bytes?: Uint8Array;
  contentType?: string;
  /** Whether a repeat cannot do the work twice; GET and DELETE always can. */
  repeatable?: boolean;
  signal?: AbortSignal;
}

export class Transport {
  readonly apiUrl: string;
  private readonly token: TokenSource | undefined;
  private readonly policy: RetryPolicy;
  private readonly onRetry: ((notice: RetryNotice) => void) | undefined;
  private readonly fetch: typeof fetch;

  constructor(options: TransportOptions) {
    const base = new URL(options.apiUrl);
    if (base.protocol !== "https:" && base.protocol !== "http:") throw new TypeError(`apiUrl must be an http(s) URL, not ${options.apiUrl}`);
    this.apiUrl = base.origin + base.pathname.replace(/\/+$/, "");
    this.token = options.token;
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.onRetry = options.onRetry;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  url(path: string, query: SendOptions["query"] = {}): string {
    if (!path.startsWith("/")) throw new TypeError(`API paths start with "/": ${path}`);
    const url = new URL(this.apiUrl + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    return url.toString();
  }

  /** Sends until an answer is 2xx (returned, body unread) or an error is final (thrown). */
  async send(method: string, path: string, options: SendOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const repeatable = options.repeatable ?? (method === "GET" || method === "HEAD" || method === "DELETE" || method === "PUT");
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      let error: unknown;
      try {
        const response = await this.fetch(url, { method, headers: await this.headers(options), body: body(options), signal: options.signal ?? null });
        if (response.ok) return response;
        error = await apiErrorOf(response);
      } catch (thrown) {
        if (options.signal?.aborted) throw thrown;
        error = new BezNetworkError(url, thrown);
      }
      const delay = retryDelay(error, { attempt, waitedMs, repeatable }, this.policy);
      if (delay === null) throw error;
      this.onRetry?.({ method, path, attempt, delayMs: delay, error });
      await sleep(delay, undefined, { signal: options.signal });
      waitedMs += delay;
    }
  }

  private async headers(options: SendOptions): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    const token = typeof this.token === "function" ? await this.token() : this.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.json !== undefined) headers["content-type"] = "application/json";
    else if (options.contentType) headers["content-type"] = options.contentType;
    return headers;
  }
}

function body(options: SendOptions): string | Uint8Array | undefined {
  if (options.json !== undefined) return JSON.stringify(options.json);
  return options.bytes;
}
