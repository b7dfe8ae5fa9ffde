/** Firebase Auth error codes in plain words. Used by the sign-in, sign-up and consent forms. */

export interface AuthProblem {
  /** Which field the message belongs to, or "form" for the whole form. */
  field: "email" | "password" | "form";
  message: string;
  /** For "form" problems worth a link, e.g. an existing account on sign-up. */
  hint?: "sign-in" | "sign-up" | "link";
}

function codeOf(err: unknown): string {
  if (err && typeof err === "object" && "code" in err && typeof (err as { code: unknown }).code === "string") {
    return (err as { code: string }).code;
  }
  return "";
}

export function describeAuthError(err: unknown): AuthProblem {
  switch (codeOf(err)) {
    case "auth/wrong-password":
      return { field: "password", message: "That password isn't right. Please check it and try again." };
    case "auth/invalid-credential":
    case "auth/invalid-login-credentials":
      return { field: "form", message: "The email or password isn't right. Please check both and try again." };
    case "auth/user-not-found":
      return {
        field: "email",
        message: "There's no Bez account with this email. Check the spelling, or create an account.",
        hint: "sign-up",
      };
    case "auth/email-already-in-use":
      return { field: "email", message: "An account with this email already exists. Sign in instead.", hint: "sign-in" };
    case "auth/invalid-email":
      return { field: "email", message: "That doesn't look like an email address." };
    case "auth/missing-password":
      return { field: "password", message: "Please enter your password." };
    case "auth/weak-password":
    case "auth/password-does-not-meet-requirements":
      return { field: "password", message: "Please choose a stronger password: at least 8 characters, longer is better." };
    case "auth/too-many-requests":
      return {
        field: "form",
        message: "Too many attempts. For your security, sign-in is paused for a few minutes. Please try again shortly.",
      };
    case "auth/network-request-failed":
    case "auth/timeout":
      return {
        field: "form",
        message: "We can't reach the sign-in service. Please check your internet connection and try again.",
      };
    case "auth/user-disabled":
      return { field: "form", message: "This account has been switched off. If you didn't expect this, contact support." };
    case "auth/operation-not-allowed":
      return { field: "form", message: "Signing in with email and password isn't turned on for this site yet." };
    case "auth/invalid-api-key":
    case "auth/api-key-not-valid.-please-pass-a-valid-api-key.":
      return { field: "form", message: "This site's sign-in is misconfigured. Please contact support." };
    case "auth/invalid-action-code":
      return {
        field: "form",
        message: "This sign-in link has already been used, or a newer one replaced it. Each link works once. Please ask for a new one.",
        hint: "link",
      };
    case "auth/expired-action-code":
      return { field: "form", message: "This sign-in link has expired. Please ask for a new one.", hint: "link" };
    case "auth/requires-recent-login":
      return { field: "form", message: "For your security, please confirm it's you again." };
    case "auth/quota-exceeded":
      return { field: "form", message: "We've sent a lot of emails just now. Please wait a few minutes and try again." };
    default:
      return { field: "form", message: "Something went wrong while signing you in. Please try again." };
  }
}
