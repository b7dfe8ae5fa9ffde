import { z } from "zod";

/** Every problem code the API can answer with. The HTTP status for each lives in one table, in functions/src/http/problem-status.ts. */
export const problemCodes = [
  "invalid-request",
  "invalid-json",
  "invalid-image",
  "payload-too-large",
  "image-too-large",
  "unsupported-media-type",
  "unauthenticated",
  "invalid-signature",
  "id-token-required",
  "recent-login-required",
  "forbidden",
  "invalid-link",
  "ip-locked",
  "not-found",
  "method-not-allowed",
  "conflict",
  "idempotency-key-reused",
  "already-finished",
  "processing-restricted",
  "token-limit-reached",
  "marketplace-unfixable",
  "ip-lock-would-lock-you-out",
  "quota-exceeded",
  "rate-limiter-unavailable",
  "dependency-unavailable",
  "internal",
] as const;

export const ProblemCode = z.enum(problemCodes);
export type ProblemCode = z.infer<typeof ProblemCode>;

export const ProblemFieldError = z.object({ path: z.string(), message: z.string() });
export type ProblemFieldError = z.infer<typeof ProblemFieldError>;

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: ProblemCode,
  detail: z.string().optional(),
  requestId: z.string(),
  errors: z.array(ProblemFieldError).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const problemTypeBase = "https://bez.dev/problems/";
