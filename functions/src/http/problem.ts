/** RFC 9457 problem+json responses. The only place that turns errors into HTTP answers. */
import type { ErrorRequestHandler, Response } from "express";
import { type Problem, type ProblemCode, problemTypeBase } from "@bez/contracts";
import { DomainError } from "../core/errors.ts";
import { IdentityError, StoreError, type Logger } from "../ports.ts";
import { problemStatus } from "./problem-status.ts";

export function sendProblem(res: Response, error: DomainError): void {
  const { status, title } = problemStatus[error.code];
  const body: Problem = {
    type: `${problemTypeBase}${error.code}`,
    title,
    status,
    code: error.code,
    requestId: String(res.locals.requestId ?? ""),
  };
  if (error.detail) body.detail = error.detail;
  if (error.fieldErrors?.length) body.errors = error.fieldErrors;
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  res.status(status).type("application/problem+json; charset=utf-8").send(JSON.stringify(body));
}

const identityCodes: Record<IdentityError["code"], [ProblemCode, string]> = {
  "invalid-token": ["unauthenticated", "The sign-in token is not valid."],
  "expired-token": ["unauthenticated", "Your sign-in has expired. Sign in again."],
  "revoked-token": ["unauthenticated", "This sign-in was revoked. Sign in again."],
  "user-disabled": ["unauthenticated", "This account is disabled."],
  unavailable: ["dependency-unavailable", "Sign-in could not be checked right now. Try again shortly."],
};

/** Maps anything thrown to a problem. Unknown errors are logged (message only) and answered as a bare 500. */
export function toDomainError(err: unknown, logger: Logger, requestId: string): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof IdentityError) {
    const [code, detail] = identityCodes[err.code];
    return new DomainError(code, detail, undefined, code === "dependency-unavailable" ? { "Retry-After": "5" } : undefined);
  }
  if (err instanceof StoreError && (err.code === "unavailable" || err.code === "aborted")) {
    return new DomainError("dependency-unavailable", "Storage is busy or unavailable. Try again shortly.", undefined, {
      "Retry-After": "2",
    });
  }
  // Body-parser-style errors from the platform (Cloud Functions pre-parses bodies).
  const status = (err as { status?: unknown; type?: unknown }).status;
  if (status === 413) return new DomainError("payload-too-large");
  if (status === 400 && (err as { type?: unknown }).type === "entity.parse.failed") return new DomainError("invalid-json");
  // The class and its code only: messages can quote document paths, and paths hold uids.
  const code = (err as { code?: unknown }).code;
  logger.error("unhandled error", { requestId, error: err instanceof Error ? err.name : "non-error thrown", reason: typeof code === "string" ? code : null });
  return new DomainError("internal", `Quote request id ${requestId} if you contact support.`);
}

export function problemHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const requestId = String(res.locals.requestId ?? "");
    const problem = toDomainError(err, logger, requestId);
    if (res.headersSent) {
      res.end();
      return;
    }
    sendProblem(res, problem);
  };
}
