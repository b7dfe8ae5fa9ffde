/**
 * The browser's client for the Bez API. Every call carries the user's Firebase ID token; every failure becomes
 * an ApiError with words a jeweler understands (and the request id for support).
 */
import "@/lib/zod-setup";
import {
  ConsentRequest,
  Me,
  PatchMeRequest,
  Problem,
  type ProblemFieldError,
  currentPolicyVersion,
} from "@bez/contracts";
import type { z } from "zod";
import { problemMessages } from "./problem-messages";

export type ApiErrorKind = "problem" | "network" | "unexpected";

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly kind: ApiErrorKind,
    /** Plain-words headline. */
    readonly title: string,
    /** Plain-words explanation and what to do next. */
    readonly detail: string,
    readonly status: number | null,
    readonly code: string | null,
    readonly requestId: string | null,
    readonly fieldErrors: ProblemFieldError[] = [],
  ) {
    super(title);
  }

  /** The message for one field (e.g. "displayName"), if the API named it. */
  fieldError(path: string): string | undefined {
    return this.fieldErrors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
  }
}

export type TokenSource = () => Promise<string>;

export interface ApiClient {
  getMe(): Promise<Me>;
  patchMe(body: PatchMeRequest): Promise<Me>;
  recordConsent(): Promise<Me>;
}

export function createApiClient(baseUrl: string, getToken: TokenSource): ApiClient {
  async function call<T extends z.ZodType>(
    method: "GET" | "POST" | "PATCH",
    path: string,
    schema: T,
    body?: unknown,
  ): Promise<z.infer<T>> {
    let token: string;
    try {
      token = await getToken();
    } catch (err) {
      throw tokenError(err);
    }
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          Accept: "application/json",
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
    } catch {
      throw networkError();
    }
    const requestId = response.headers.get("x-request-id");
    let payload: unknown = null;
    const text = await response.text().catch(() => "");
    if (text) {
      try {
        payload = JSON.parse(text);
      } catch {
        payload = null;
      }
    }
    if (!response.ok) throw toApiError(response.status, payload, requestId);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new ApiError(
        "unexpected",
        "Bez sent an answer we didn't understand",
        "Please reload the page. If it keeps happening, contact support with the reference below.",
        response.status,
        null,
        requestId,
      );
    }
    return parsed.data;
  }

  return {
    getMe: () => call("GET", "/v1/me", Me),
    patchMe: (body) => call("PATCH", "/v1/me", Me, PatchMeRequest.parse(body)),
    recordConsent: () =>
      call("POST", "/v1/me/consent", Me, ConsentRequest.parse({ ageConfirmed: true, policyVersion: currentPolicyVersion })),
  };
}

export function toApiError(status: number, payload: unknown, headerRequestId: string | null): ApiError {
  const problem = Problem.safeParse(payload);
  if (problem.success) {
    const p = problem.data;
    const words = problemMessages[p.code];
    // Validation messages from the API are written for people ("Display name is at most 80 characters").
    return new ApiError("problem", words.title, words.detail, status, p.code, p.requestId ?? headerRequestId, p.errors ?? []);
  }
  if (status === 401) {
    const w = problemMessages.unauthenticated;
    return new ApiError("problem", w.title, w.detail, status, "unauthenticated", headerRequestId);
  }
  if (status === 429) {
    const w = problemMessages["quota-exceeded"];
    return new ApiError("problem", w.title, w.detail, status, "quota-exceeded", headerRequestId);
  }
  if (status >= 500) {
    const w = status === 503 || status === 502 || status === 504 ? problemMessages["dependency-unavailable"] : problemMessages.internal;
    return new ApiError("problem", w.title, w.detail, status, null, headerRequestId);
  }
  return new ApiError(
    "unexpected",
    "Something didn't work",
    "Please try again. If it keeps happening, contact support with the reference below.",
    status,
    null,
    headerRequestId,
  );
}

function networkError(): ApiError {
  return new ApiError(
    "network",
    "We can't reach Bez right now",
    "Please check your internet connection and try again in a moment.",
    null,
    null,
    null,
  );
}

/** Getting a fresh ID token failed: offline, or the session is gone. */
function tokenError(err: unknown): ApiError {
  const code = err && typeof err === "object" && "code" in err ? String((err as { code: unknown }).code) : "";
  if (code === "auth/network-request-failed") return networkError();
  const w = problemMessages.unauthenticated;
  return new ApiError("problem", w.title, w.detail, 401, "unauthenticated", null);
}

/** Turns anything thrown into an ApiError, so the UI has one shape to show. */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(
    "unexpected",
    "Something didn't work",
    "Please try again. If it keeps happening, reload the page.",
    null,
    null,
    null,
  );
}
