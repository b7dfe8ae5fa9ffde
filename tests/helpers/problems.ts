/** Shared assertions for problem+json answers, and emulator-style tokens for auth edge cases. */
import { expect } from "vitest";
import { Problem } from "@bez/contracts";

/** Asserts an RFC 9457 problem with the given status and code (and no stack trace); returns it. */
export async function expectProblem(response: Response, status: number, code: string): Promise<Problem> {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = Problem.parse(await response.json());
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expect(body.type).toBe(`https://bez.dev/problems/${code}`);
  expect(body.requestId).toBe(response.headers.get("x-request-id"));
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.ts:\d+/);
  return body;
}

/** An unsigned token with the given claims, shaped like the Auth emulator's (it issues alg "none" tokens). */
export function forgeToken(claims: Record<string, unknown>): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
}
