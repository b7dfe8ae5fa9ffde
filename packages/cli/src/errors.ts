/** Turns anything thrown into a message that says what to do, and an exit code that says what happened. */
import { BezApiError, BezNetworkError, BezResponseError } from "@bez/sdk";
import { type ExitCode, exitCodes } from "./exit-codes.ts";

export class CliError extends Error {
  override readonly name = "CliError";
  readonly exitCode: ExitCode;
  readonly code: string;

  constructor(message: string, exitCode: ExitCode, code = "cli-error") {
    super(message);
    this.exitCode = exitCode;
    this.code = code;
  }
}

export const notSignedIn = () =>
  new CliError("Not signed in. Create a personal access token in the web app (Settings → Access tokens), then run `bez login`.", exitCodes.auth, "not-signed-in");

export const usage = (message: string) => new CliError(message, exitCodes.usage, "usage");

const apiAdvice: Record<string, [ExitCode, string]> = {
  unauthenticated: [exitCodes.auth, "The API refused the token (expired, revoked or mistyped). Create a new one in Settings → Access tokens and run `bez login`."],
  "id-token-required": [exitCodes.auth, "This needs a signed-in session, not an access token: do it in the web app."],
  "recent-login-required": [exitCodes.auth, "Sign in again in the web app, then retry."],
  "ip-locked": [exitCodes.auth, "Your account is locked to other IP addresses: run this from an allowed network, or change the lock in Settings → Security."],
  forbidden: [exitCodes.auth, "Your account may not do this."],
  "processing-restricted": [exitCodes.auth, "Processing is restricted on this account: lift the restriction in Settings → Privacy to create images."],
  "not-found": [exitCodes.notFound, "Check the id with `bez ls` (ids belong to one account)."],
  "quota-exceeded": [exitCodes.rateLimited, "Wait and run the command again."],
  "rate-limiter-unavailable": [exitCodes.rateLimited, "The API is pausing requests for a moment: try again shortly."],
  "invalid-request": [exitCodes.usage, "Fix the input and try again."],
  "invalid-image": [exitCodes.usage, "Use a PNG, JPEG or WebP photo."],
  "unsupported-media-type": [exitCodes.usage, "Use a PNG, JPEG or WebP photo."],
  "payload-too-large": [exitCodes.usage, "Images may be at most 25 MiB."],
  "image-too-large": [exitCodes.usage, "Images may be at most 40 megapixels."],
  "idempotency-key-reused": [exitCodes.usage, "This request's key was used for a different request."],
};

export interface Explained {
  message: string;
  exitCode: ExitCode;
  code: string;
}

export function explain(error: unknown): Explained {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode, code: error.code };
  if (error instanceof BezApiError) {
    const [exitCode, advice] = apiAdvice[error.code] ?? [exitCodes.unexpected, error.requestId ? `Request id ${error.requestId}.` : ""];
    const fields = (error.problem?.errors ?? []).map((e) => `\n  ${e.path}: ${e.message}`).join("");
    const retry = error.status === 429 && error.retryAfterSeconds !== null ? ` (retry after ${error.retryAfterSeconds} s)` : "";
    return { message: `${error.message}${retry}${fields}${advice ? `\n${advice}` : ""}`, exitCode, code: error.code };
  }
  if (error instanceof BezNetworkError) {
    return { message: `${error.message}\nIs the API running, and is the address right? Set it with \`bez login --api-url URL\` or BEZ_API_URL.`, exitCode: exitCodes.unreachable, code: "unreachable" };
  }
  if (error instanceof BezResponseError) return { message: error.message, exitCode: exitCodes.unexpected, code: "bad-response" };
  if (error instanceof Error && error.name === "AbortError") return { message: "Interrupted.", exitCode: exitCodes.interrupted, code: "interrupted" };
  return { message: error instanceof Error ? error.message : String(error), exitCode: exitCodes.unexpected, code: "unexpected" };
}
