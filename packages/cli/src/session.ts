/**
 * Who the CLI is, per command: the API address and the token to use. BEZ_TOKEN / BEZ_API_URL override the stored
 * sign-in. A stored token is only ever sent to the API it was verified against.
 */
import { BezApiError, BezClient, type RetryNotice, type TokenSource } from "@bez/sdk";
import { type Environment, defaultApiUrl } from "./config.ts";
import { configPath, loadConfig } from "./credentials.ts";
import { CliError, notSignedIn, usage } from "./errors.ts";
import { exitCodes } from "./exit-codes.ts";
import type { Output, Streams } from "./output.ts";

export interface Context {
  env: Environment;
  out: Output;
  streams: Streams;
  /** --api-url, when given. */
  apiUrlFlag: string | null;
}

export interface Session {
  client: BezClient;
  apiUrl: string;
  tokenSource: "BEZ_TOKEN" | "config" | "id-token";
}

export function normalizeApiUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(`Not a URL: ${text}. Use the API's address, e.g. https://api.example.com`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw usage(`The API address must be http(s): ${text}`);
  return url.origin + url.pathname.replace(/\/+$/, "").replace(/\/v1$/, "");
}

export function newClient(ctx: Context, apiUrl: string, token: TokenSource, onRetry?: (notice: RetryNotice) => void): BezClient {
  return new BezClient({
    apiUrl,
    token,
    onRetry(notice) {
      onRetry?.(notice);
      reportRetry(ctx.out, notice);
    },
  });
}

/** The client for a command that needs a sign-in; `idToken` replaces the token for what needs a session. */
export async function signedIn(ctx: Context, options: { idToken?: string | null; onRetry?: (notice: RetryNotice) => void } = {}): Promise<Session> {
  const wanted = ctx.apiUrlFlag ?? ctx.env.apiUrl;
  if (options.idToken) {
    const apiUrl = normalizeApiUrl(wanted ?? (await loadConfig(ctx.env.configDir))?.apiUrl ?? defaultApiUrl);
    return { client: newClient(ctx, apiUrl, options.idToken, options.onRetry), apiUrl, tokenSource: "id-token" };
  }
  if (ctx.env.token) {
    const apiUrl = normalizeApiUrl(wanted ?? (await loadConfig(ctx.env.configDir))?.apiUrl ?? defaultApiUrl);
    return { client: newClient(ctx, apiUrl, ctx.env.token, options.onRetry), apiUrl, tokenSource: "BEZ_TOKEN" };
  }
  const stored = await loadConfig(ctx.env.configDir);
  if (!stored) throw notSignedIn();
  if (wanted && normalizeApiUrl(wanted) !== stored.apiUrl) {
    throw new CliError(
      `The stored token belongs to ${stored.apiUrl}, not ${normalizeApiUrl(wanted)}: run \`bez login --api-url ${normalizeApiUrl(wanted)}\` (or set BEZ_TOKEN).`,
      exitCodes.auth,
      "wrong-api",
    );
  }
  return { client: newClient(ctx, stored.apiUrl, stored.token, options.onRetry), apiUrl: stored.apiUrl, tokenSource: "config" };
}

export function describeTokenSource(ctx: Context, session: Session): string {
  return session.tokenSource === "config" ? configPath(ctx.env.configDir) : session.tokenSource;
}

function reportRetry(out: Output, notice: RetryNotice): void {
  if (notice.delayMs < 1000) return;
  const seconds = Math.ceil(notice.delayMs / 1000);
  const why = notice.error instanceof BezApiError && notice.error.status === 429 ? "rate limited" : "the API is busy or unreachable";
  out.warn(`${notice.method} ${notice.path}: ${why}, retrying in ${seconds} s`);
}
