/**
 * A one-bit hint in localStorage that this browser had a signed-in user the last time Firebase said so. Pages that
 * do not need sign-in (the marketing pages) load the Firebase SDK only when it is set, so a visitor who never signed
 * in downloads none of it, while a signed-in jeweler still sees their account in the header. It holds no identity.
 */
export const sessionHintStorageKey = "bez:signed-in";

export function readSessionHint(): boolean {
  try {
    return window.localStorage.getItem(sessionHintStorageKey) === "1";
  } catch {
    return false;
  }
}

export function writeSessionHint(signedIn: boolean): void {
  try {
    if (signedIn) window.localStorage.setItem(sessionHintStorageKey, "1");
    else window.localStorage.removeItem(sessionHintStorageKey);
  } catch {
    // Storage off: marketing pages then show the signed-out header until Firebase is needed.
  }
}
