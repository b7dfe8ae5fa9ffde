/**
 * Email-link ("magic link") sign-in with the Firebase Auth client SDK. The email is kept in this browser's
 * localStorage between sending and opening the link (same-device completion) and never put in the URL; on another
 * device the finish page asks for it again.
 */
import {
  isSignInWithEmailLink,
  sendSignInLinkToEmail,
  signInWithEmailLink,
  type Auth,
  type UserCredential,
} from "firebase/auth";

const storageKey = "bez:email-for-sign-in";

/** Where links land: `<this origin>/sign-in/finish`. */
export function finishUrl(origin = window.location.origin): string {
  return `${origin}/sign-in/finish`;
}

export async function sendMagicLink(auth: Auth, email: string): Promise<void> {
  await sendSignInLinkToEmail(auth, email, { url: finishUrl(), handleCodeInApp: true });
  try {
    window.localStorage.setItem(storageKey, email);
  } catch {
    // Storage off (private mode): the finish page asks for the email instead.
  }
}

export function storedMagicLinkEmail(): string | null {
  try {
    return window.localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function forgetMagicLinkEmail(): void {
  try {
    window.localStorage.removeItem(storageKey);
  } catch {
    // nothing stored
  }
}

export function isMagicLink(auth: Auth, href: string): boolean {
  return isSignInWithEmailLink(auth, href);
}

export async function completeMagicLink(auth: Auth, email: string, href: string): Promise<UserCredential> {
  const credential = await signInWithEmailLink(auth, email, href);
  forgetMagicLinkEmail();
  return credential;
}
