import type { ProblemCode, ProblemFieldError } from "@bez/contracts";

/**
 * A failure the caller can act on. Carries a fixed string code; the HTTP layer maps codes to statuses in one table.
 * `detail` is shown to users: never put secrets, prompts, emails or IPs in it.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail?: string,
    readonly fieldErrors?: ProblemFieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? code);
    this.name = "DomainError";
  }
}
