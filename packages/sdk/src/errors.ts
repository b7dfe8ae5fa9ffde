/** What the SDK throws: an API answer that is a problem (RFC 9457), or a request that never got an answer. */
import { type Problem, Problem as ProblemSchema } from "@bez/contracts";

export class BezApiError extends Error {
  override readonly name = "BezApiError";
  readonly status: number;
  /** The problem's code (`quota-exceeded`, `not-found`…), or `http-<status>` when the body was not a problem. */
  readonly code: string;
  readonly problem: Problem | null;
  readonly requestId: string | null;
  /** Seconds from the `Retry-After` header, when the answer carried one. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, problem: Problem | null, requestId: string | null, retryAfterSeconds: number | null) {
    super(problem ? `${problem.title}${problem.detail ? `: ${problem.detail}` : ""}` : `The API answered HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? `http-${status}`;
    this.problem = problem;
    this.requestId = requestId;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The API could not be reached (refused, reset, DNS, timeout) after every attempt. */
export class BezNetworkError extends Error {
  override readonly name = "BezNetworkError";
  readonly url: string;

  constructor(url: string, cause: unknown) {
    super(`Could not reach ${new URL(url).origin}: ${cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause)}`, { cause });
    this.url = url;
  }
}

/** A 2xx answer whose body is not what the contract says (a proxy page, another service on that address). */
export class BezResponseError extends Error {
  override readonly name = "BezResponseError";
}

/** `Retry-After` as seconds (delta form or HTTP date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Reads an error answer into a BezApiError (the body may be a problem, or anything a proxy sent). */
export async function apiErrorOf(response: Response): Promise<BezApiError> {
  const text = await response.text().catch(() => "");
  let problem: Problem | null = null;
  try {
    const parsed = ProblemSchema.safeParse(JSON.parse(text));
    if (parsed.success) problem = parsed.data;
  } catch {
    // Not JSON: keep the status alone.
  }
  return new BezApiError(response.status, problem, response.headers.get("x-request-id"), parseRetryAfter(response.headers.get("retry-after")));
}
