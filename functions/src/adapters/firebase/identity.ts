/**
 * Identity on Firebase Auth. firebase-admin talks to the Auth emulator when FIREBASE_AUTH_EMULATOR_HOST is
 * in the environment (the SDK reads it itself; config.ts validates it and forbids it in production).
 */
import type { App } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { Role } from "@bez/contracts";
import { type Identity, IdentityError, type VerifiedIdToken } from "../../ports.ts";

const codeMap: Record<string, IdentityError["code"]> = {
  "auth/id-token-expired": "expired-token",
  "auth/id-token-revoked": "revoked-token",
  "auth/user-disabled": "user-disabled",
  "auth/argument-error": "invalid-token",
  "auth/invalid-id-token": "invalid-token",
  "auth/user-not-found": "invalid-token",
};

function toIdentityError(err: unknown): IdentityError {
  const code = (err as { code?: string }).code ?? "";
  const mapped = codeMap[code];
  if (mapped) return new IdentityError(mapped, code);
  if (code.startsWith("auth/") && code !== "auth/internal-error") return new IdentityError("invalid-token", code);
  return new IdentityError("unavailable", code || "auth backend unreachable");
}

/** Account administration where "already gone" is the goal reached (erasure steps are repeated after a crash). */
async function ignoringMissingUser(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if ((err as { code?: string }).code !== "auth/user-not-found") throw toIdentityError(err);
  }
}

export function createFirebaseIdentity(app: App): Identity {
  const auth = getAuth(app);
  return {
    async verifyIdToken(token: string): Promise<VerifiedIdToken> {
      try {
        const decoded = await auth.verifyIdToken(token, true);
        const role = Role.safeParse(decoded.role);
        return {
          uid: decoded.uid,
          email: decoded.email ?? null,
          emailVerified: decoded.email_verified === true,
          authTime: new Date(decoded.auth_time * 1000),
          issuedAt: new Date(decoded.iat * 1000),
          role: role.success ? role.data : null,
        };
      } catch (err) {
        throw toIdentityError(err);
      }
    },
    revokeSessions: (uid) => ignoringMissingUser(() => auth.revokeRefreshTokens(uid)),
    disable: (uid) => ignoringMissingUser(() => auth.updateUser(uid, { disabled: true })),
    delete: (uid) => ignoringMissingUser(() => auth.deleteUser(uid)),
    async setRole(uid, role) {
      try {
        const { customClaims } = await auth.getUser(uid);
        const { role: _previous, ...others } = customClaims ?? {};
        await auth.setCustomUserClaims(uid, role === "user" ? others : { ...others, role });
      } catch (err) {
        throw toIdentityError(err);
      }
    },
    async isDisabled(uid) {
      try {
        return (await auth.getUser(uid)).disabled;
      } catch (err) {
        if ((err as { code?: string }).code === "auth/user-not-found") return true;
        throw toIdentityError(err);
      }
    },
    async findUid(email) {
      try {
        return (await auth.getUserByEmail(email)).uid;
      } catch (err) {
        if ((err as { code?: string }).code === "auth/user-not-found") return null;
        throw toIdentityError(err);
      }
    },
    async hasUser(by) {
      try {
        await ("uid" in by ? auth.getUser(by.uid) : auth.getUserByEmail(by.email));
        return true;
      } catch (err) {
        if ((err as { code?: string }).code === "auth/user-not-found") return false;
        throw toIdentityError(err);
      }
    },
    async ping() {
      // Looking up a uid that cannot exist is a cheap authenticated round trip.
      try {
        await auth.getUser("bez-health-probe");
      } catch (err) {
        if ((err as { code?: string }).code !== "auth/user-not-found") throw err;
      }
    },
  };
}
