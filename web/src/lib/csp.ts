/**
 * The Content-Security-Policy of every page. Pure, so it can be tested without a server.
 * Scripts run only with the per-request nonce ('strict-dynamic' lets those scripts load the app's chunks);
 * the browser may talk to this origin, the Bez API and Firebase Auth — nothing else.
 */
export interface CspInput {
  nonce: string;
  apiOrigin: string;
  /** `http://host:port` of the Auth emulator, or null (production: Google's identity endpoints). */
  authEmulatorOrigin: string | null;
  isDev: boolean;
  /**
   * PostHog's API origin, only when analytics are configured: connect-src only. posthog-js is bundled with the app, so
   * script-src never lists a third-party origin.
   */
  analyticsOrigins?: readonly string[];
}

/** Google endpoints the Firebase Auth client SDK calls for email + password sign-in. */
export const googleIdentityOrigins = [
  "https://identitytoolkit.googleapis.com",
  "https://securetoken.googleapis.com",
] as const;

export function buildCsp({ nonce, apiOrigin, authEmulatorOrigin, isDev, analyticsOrigins = [] }: CspInput): string {
  const connect = new Set<string>(["'self'", apiOrigin, ...analyticsOrigins]);
  if (authEmulatorOrigin) connect.add(authEmulatorOrigin);
  else for (const o of googleIdentityOrigins) connect.add(o);

  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'unsafe-eval' only in `next dev` (React rebuilds server error stacks with eval there).
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(isDev ? ["'unsafe-eval'"] : [])],
    // Next.js puts the nonce on the few inline <style> tags it emits; dev mode injects styles without it.
    "style-src": ["'self'", isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`],
    "img-src": ["'self'", "data:", "blob:", apiOrigin],
    "font-src": ["'self'"],
    "connect-src": [...connect],
    "frame-src": ["'none'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "media-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const parts = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  // Upgrading would break a plain-http local stack; in production every origin is https anyway.
  if (apiOrigin.startsWith("https:") && !authEmulatorOrigin) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** A fresh, unguessable nonce (128 bits, base64). Works in both the Node.js and the edge runtime. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
