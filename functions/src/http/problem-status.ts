import type { ProblemCode } from "@bez/contracts";

/** The one table from problem code to HTTP status and a short human title. */
export const problemStatus: Record<ProblemCode, { status: number; title: string }> = {
  "invalid-request": { status: 400, title: "The request is not valid" },
  "invalid-json": { status: 400, title: "The request body is not valid JSON" },
  "invalid-image": { status: 400, title: "The image could not be read" },
  "ip-lock-would-lock-you-out": { status: 400, title: "That IP lock would lock you out" },
  unauthenticated: { status: 401, title: "Sign-in required" },
  "id-token-required": { status: 403, title: "This needs a signed-in session, not an access token" },
  "recent-login-required": { status: 403, title: "Please sign in again to continue" },
  forbidden: { status: 403, title: "You do not have access to this" },
  "invalid-link": { status: 403, title: "This link is not valid or has expired" },
  "ip-locked": { status: 403, title: "Your account is locked to other IP addresses" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  "idempotency-key-reused": { status: 409, title: "Idempotency key reused with a different request" },
  "already-finished": { status: 409, title: "Already finished" },
  "processing-restricted": { status: 409, title: "Processing is restricted on this account" },
  "payload-too-large": { status: 413, title: "The request body is too large" },
  "image-too-large": { status: 413, title: "The image has too many pixels" },
  "unsupported-media-type": { status: 415, title: "Unsupported content type" },
  "quota-exceeded": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Something went wrong on our side" },
  "dependency-unavailable": { status: 503, title: "A service Bez depends on is unavailable" },
  "rate-limiter-unavailable": { status: 503, title: "Rate limiting is unavailable, so requests are paused" },
};
