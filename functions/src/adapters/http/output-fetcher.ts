/**
 * Downloads model outputs. Only from the model service's own hosts (a prediction's output URL is data from
 * outside: without the allow-list it would be a server-side request forgery hole), over https except for the
 * local stand-in, within a byte limit and a time limit, never following redirects elsewhere.
 */
import type { OutputFetcher } from "../../ports.ts";

export interface OutputFetcherOptions {
  /** Hostnames allowed, exactly or as a parent domain ("replicate.delivery" allows "pbxt.replicate.delivery"). */
  allowedHosts: readonly string[];
  /** Allow plain http (the local Replicate-compatible server on loopback). */
  allowHttp: boolean;
  maxBytes: number;
  timeoutMs: number;
}

export class OutputFetchError extends Error {
  override name = "OutputFetchError";
}

export function createOutputFetcher(options: OutputFetcherOptions): OutputFetcher {
  const allowed = (host: string) => options.allowedHosts.some((h) => host === h || host.endsWith(`.${h}`));
  return {
    async fetch(url: string): Promise<Uint8Array> {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new OutputFetchError("output URL is not a URL");
      }
      const protocolOk = parsed.protocol === "https:" || (options.allowHttp && parsed.protocol === "http:");
      if (!protocolOk || !allowed(parsed.hostname)) throw new OutputFetchError("output URL is not on an allowed host");
      const response = await fetch(parsed, { redirect: "error", signal: AbortSignal.timeout(options.timeoutMs) });
      if (!response.ok || !response.body) throw new OutputFetchError(`output download answered ${response.status}`);
      const declared = Number(response.headers.get("content-length") ?? NaN);
      if (declared > options.maxBytes) throw new OutputFetchError("output is too large");
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > options.maxBytes) throw new OutputFetchError("output is too large");
        chunks.push(chunk);
      }
      return Buffer.concat(chunks, size);
    },
  };
}
