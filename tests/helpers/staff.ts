/** Staff sessions for API tests: a real Auth emulator user whose role claim is set through the API's Identity port. */
import { randomUUID } from "node:crypto";
import type { Role } from "@bez/contracts";
import { type AuthSession, createUser, signIn, testAuthEmulator } from "./auth-emulator-client.ts";
import type { TestApi } from "./api-server.ts";

export interface TestUser extends AuthSession {
  email: string;
  password: string;
  role: Role;
}

export const testEmail = (label = "user") => `${label}-${randomUUID()}@example.test`;

/** Creates a user with `role` (a fresh session that carries the claim) and its profile in `api`. */
export async function userWithRole(api: TestApi, role: Role, label: string = role): Promise<TestUser> {
  const email = testEmail(label);
  const password = "correct horse battery";
  const first = await createUser(email, password);
  let session = first;
  if (role !== "user") {
    await api.composition.deps.identity.setRole(first.localId, role);
    session = await signIn(email, password);
  }
  const me = await fetch(`${api.url}/v1/me`, { headers: { authorization: `Bearer ${session.idToken}` } });
  if (me.status !== 200) throw new Error(`GET /v1/me answered ${me.status}`);
  return { ...session, email, password, role };
}

/** Marks the account's email verified in the Auth emulator (as an email link would). */
export async function verifyEmail(uid: string): Promise<void> {
  const { host, projectId } = testAuthEmulator();
  const response = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/projects/${projectId}/accounts:update`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer owner" },
    body: JSON.stringify({ localId: uid, emailVerified: true }),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`Auth emulator accounts:update answered ${response.status}`);
}

export async function call(api: TestApi, path: string, init: RequestInit & { token?: string; json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return fetch(`${api.url}${path}`, { ...init, headers, body });
}
