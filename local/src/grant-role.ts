/**
 * `npm run grant-role -- <email> <admin|auditor|support|user>`: sets the user's role claim in Firebase Auth (the local
 * stack's Auth emulator unless BEZ_GRANT_ROLE_TARGET=production) and revokes their sessions, so the role applies at
 * their next sign-in. The API mirrors the claim on the profile and records `role.changed` when it first sees it.
 */
import { Role } from "@bez/contracts";
import { z } from "zod";
import { closeAdminApp, createAdminApp } from "../../functions/src/adapters/firebase/admin-app.ts";
import { createFirebaseIdentity } from "../../functions/src/adapters/firebase/identity.ts";
import { ConfigError, loadGrantRoleConfig } from "./config.ts";

const usage = "usage: npm run grant-role -- <email> <admin|auditor|support|user>";

async function main(args: string[]): Promise<number> {
  const [email, role, ...extra] = args;
  const parsedEmail = z.email().safeParse(email);
  const parsedRole = Role.safeParse(role);
  if (!parsedEmail.success || !parsedRole.success || extra.length > 0) {
    process.stderr.write(`${usage}\n${!parsedEmail.success ? "  the first argument must be an email address\n" : ""}${!parsedRole.success ? "  the role must be admin, auditor, support or user\n" : ""}`);
    return 2;
  }
  const config = loadGrantRoleConfig();
  const app = createAdminApp(config.projectId, "bez-grant-role");
  try {
    const identity = createFirebaseIdentity(app);
    const uid = await identity.findUid(parsedEmail.data);
    if (!uid) {
      process.stderr.write(`grant-role: no account with that email in project ${config.projectId}. The user must sign up first.\n`);
      return 1;
    }
    await identity.setRole(uid, parsedRole.data);
    await identity.revokeSessions(uid);
    const where = config.authEmulatorHost ? `Auth emulator ${config.authEmulatorHost}` : "Firebase Auth";
    process.stdout.write(
      `grant-role: ${parsedEmail.data} is now "${parsedRole.data}" (uid ${uid}, project ${config.projectId}, ${where}).\n` +
        "Their sessions were revoked: the role applies when they next sign in.\n",
    );
    return 0;
  } finally {
    await closeAdminApp(app);
  }
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    const message = err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err);
    process.stderr.write(`grant-role failed: ${message}\nIs the local stack running (npm start)?\n`);
    process.exit(1);
  });
