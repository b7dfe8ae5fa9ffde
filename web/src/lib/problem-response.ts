/** problem+json answers for the web app's own route handlers, in the API's shape (packages/contracts Problem). */
import { problemTypeBase, type Problem, type ProblemCode, type ProblemFieldError } from "@bez/contracts";

export function problemResponse(status: number, code: ProblemCode, title: string, errors?: ProblemFieldError[]): Response {
  const body: Problem = { type: `${problemTypeBase}${code}`, title, status, code, requestId: crypto.randomUUID(), errors };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store" },
  });
}
