/**
 * Talks to the Firebase Auth emulator's REST API directly: create users, sign in, wipe accounts.
 * By default it targets the run's emulator from tests/global-setup.ts.
 */
import { registerPersonal } from "./log-scan.ts";

export interface AuthEmulatorTarget {
  /** host:port */
  host: string;
  projectId: string;
}

export interface AuthSession {
  idToken: string;
  refreshToken: string;
  localId: string;
}

/** The emulator started by tests/global-setup.ts. */
export function testAuthEmulator(): AuthEmulatorTarget {
  const host = process.env.BEZ_TEST_AUTH_HOST;
  const projectId = process.env.BEZ_TEST_PROJECT_ID;
  if (!host || !projectId) throw new Error("tests/global-setup.ts did not run (BEZ_TEST_AUTH_HOST / BEZ_TEST_PROJECT_ID missing)");
  return { host, projectId };
}

async function identityToolkit(target: AuthEmulatorTarget, method: string, body: object): Promise<AuthSession> {
  // The emulator accepts any API key.
  const response = await fetch(`http://${target.host}/identitytoolkit.googleapis.com/v1/accounts:${method}?key=any`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...body, returnSecureToken: true }),
  });
  const json = (await response.json()) as Partial<AuthSession> & { error?: { message?: string } };
  if (!response.ok || !json.idToken || !json.refreshToken || !json.localId) {
    // The emulator's code (EMAIL_EXISTS, INVALID_PASSWORD…) without the email.
    throw new Error(`Auth emulator accounts:${method} failed: ${response.status} ${json.error?.message ?? "no token in the answer"}`);
  }
  registerPersonal(json.idToken, json.refreshToken, json.localId, "email" in body ? String(body.email) : null);
  return { idToken: json.idToken, refreshToken: json.refreshToken, localId: json.localId };
}

/** Creates an email/password user and returns its first session. */
export function createUser(email: string, password: string, target = testAuthEmulator()): Promise<AuthSession> {
  return identityToolkit(target, "signUp", { email, password });
}

export function signIn(email: string, password: string, target = testAuthEmulator()): Promise<AuthSession> {
  return identityToolkit(target, "signInWithPassword", { email, password });
}

/** Removes every account of the target's project. */
export async function deleteAllAccounts(target = testAuthEmulator()): Promise<void> {
  const response = await fetch(`http://${target.host}/emulator/v1/projects/${target.projectId}/accounts`, {
    method: "DELETE",
    headers: { authorization: "Bearer owner" },
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`Auth emulator: deleting all accounts failed: ${response.status}`);
}
