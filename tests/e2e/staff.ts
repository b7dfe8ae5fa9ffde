/**
 * Accounts for the admin and notices journeys: created through the Auth emulator's REST API with the sign-up consent
 * recorded (no sign-up page to click through), and staff roles granted with `npm run grant-role`, as an operator would.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { currentPolicyVersion, type Role } from "@bez/contracts";
import { password } from "./support.ts";

const run = promisify(execFile);

function stackEnv(name: "BEZ_E2E_AUTH_HOST" | "BEZ_E2E_PROJECT_ID" | "BEZ_E2E_API_URL"): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts (its globalSetup starts the stack)`);
  return value;
}

/** A new email/password account with its consent recorded by `apiUrl` (default: the stack's API). Returns its uid. */
export async function createAccount(email: string, apiUrl = stackEnv("BEZ_E2E_API_URL")): Promise<string> {
  const response = await fetch(`http://${stackEnv("BEZ_E2E_AUTH_HOST")}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=any`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  const session = (await response.json()) as { idToken?: string; localId?: string };
  if (!response.ok || !session.idToken || !session.localId) throw new Error(`Auth emulator sign-up failed: ${response.status}`);
  const consent = await fetch(`${apiUrl}/v1/me/consent`, {
    method: "POST",
    headers: { authorization: `Bearer ${session.idToken}`, "content-type": "application/json" },
    body: JSON.stringify({ ageConfirmed: true, policyVersion: currentPolicyVersion }),
  });
  if (!consent.ok) throw new Error(`recording consent failed: ${consent.status} ${await consent.text()}`);
  return session.localId;
}

/** `npm run grant-role -- <email> <role>` against the stack's Auth emulator; it revokes the account's sessions. */
export async function grantRole(email: string, role: Role): Promise<void> {
  await run("npm", ["run", "--silent", "grant-role", "--", email, role], {
    cwd: process.cwd(),
    env: { ...process.env, FIREBASE_AUTH_EMULATOR_HOST: stackEnv("BEZ_E2E_AUTH_HOST"), BEZ_PROJECT_ID: stackEnv("BEZ_E2E_PROJECT_ID") },
    timeout: 60_000,
  });
}
