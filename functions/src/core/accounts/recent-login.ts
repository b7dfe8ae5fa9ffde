/**
 * Actions a stolen session could turn against the owner (erasure, an IP lock, a long-lived token) need a sign-in from
 * the last few minutes: an ID token alone can be hours old, a fresh `auth_time` means the password was just typed.
 */
import { DomainError } from "../errors.ts";
import type { Principal } from "../principal.ts";

export const recentLoginSeconds = 5 * 60;

/** Throws 403 recent-login-required unless the principal signed in within `recentLoginSeconds` of `now`. */
export function requireRecentLogin(principal: Principal, now: Date, detail: string): void {
  if (principal.via !== "id-token" || !principal.authTime || now.getTime() - principal.authTime.getTime() > recentLoginSeconds * 1000) {
    throw new DomainError("recent-login-required", detail);
  }
}
