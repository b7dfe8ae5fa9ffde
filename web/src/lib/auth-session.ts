/**
 * The Firebase half of the auth provider, loaded with `import()` only when a page needs sign-in or this browser has
 * a signed-in user (see session-hint.ts): the Firebase Auth SDK stays out of every other page. Roles are read with
 * the zod-free role list, so signing in does not download the schema library either.
 */
import type { Role } from "@bez/contracts";
import { isRole, isStaffRole } from "@bez/contracts/roles";
import {
  createUserWithEmailAndPassword,
  onIdTokenChanged,
  sendEmailVerification,
  signInWithEmailAndPassword,
  signOut as firebaseSignOut,
  type User,
} from "firebase/auth";
import { getFirebaseAuth } from "./firebase";
import type { PublicConfig } from "./public-config";

export interface SessionUser {
  uid: string;
  email: string | null;
  emailVerified: boolean;
  /** The role claim of the current ID token ("user" when absent). */
  role: Role;
  staff: boolean;
}

/** The user as the UI sees them; the role is read from the ID token's claims. */
async function toSessionUser(u: User): Promise<SessionUser> {
  const claim = await u.getIdTokenResult().then((t) => t.claims.role, () => undefined);
  const role: Role = isRole(claim) ? claim : "user";
  return { uid: u.uid, email: u.email, emailVerified: u.emailVerified, role, staff: isStaffRole(role) };
}

/** Calls `onChange` with the user on every ID-token change (sign-in, refresh, sign-out); returns the unsubscribe. */
export function watchSession(config: PublicConfig, onChange: (user: SessionUser | null) => void): () => void {
  let latest = 0;
  return onIdTokenChanged(getFirebaseAuth(config), async (u) => {
    const turn = ++latest;
    // The role is read before the status flips, so staff never see a moment of "not allowed".
    const next = u ? await toSessionUser(u) : null;
    if (turn !== latest) return; // a newer token arrived meanwhile
    onChange(next);
  });
}

/** Signs in and answers with the user, so the caller knows who is signed in before it navigates anywhere. */
export async function signIn(config: PublicConfig, email: string, password: string): Promise<SessionUser> {
  const { user } = await signInWithEmailAndPassword(getFirebaseAuth(config), email, password);
  return toSessionUser(user);
}

export async function signUp(config: PublicConfig, email: string, password: string): Promise<SessionUser> {
  const { user } = await createUserWithEmailAndPassword(getFirebaseAuth(config), email, password);
  // A confirmation email; the banner asks gently until it is done. Failing to send never blocks sign-up.
  sendEmailVerification(user).catch(() => undefined);
  return toSessionUser(user);
}

export async function signOut(config: PublicConfig): Promise<void> {
  await firebaseSignOut(getFirebaseAuth(config));
}

export async function idToken(config: PublicConfig): Promise<string> {
  const auth = getFirebaseAuth(config);
  // A call can come before the stored session has been read (the SDK may have just loaded).
  await auth.authStateReady();
  const current = auth.currentUser;
  if (!current) throw new Error("not signed in");
  return current.getIdToken();
}

/** Sends the address-confirmation email again; false when nobody is signed in. */
export async function resendVerification(config: PublicConfig): Promise<boolean> {
  const current = getFirebaseAuth(config).currentUser;
  if (!current) return false;
  await sendEmailVerification(current);
  return true;
}

/** Re-reads the account; when the email is now confirmed, refreshes the ID token (so every listener hears of it). */
export async function recheckVerification(config: PublicConfig): Promise<boolean> {
  const current = getFirebaseAuth(config).currentUser;
  if (!current) return false;
  await current.reload();
  if (current.emailVerified) await current.getIdToken(true);
  return current.emailVerified;
}
