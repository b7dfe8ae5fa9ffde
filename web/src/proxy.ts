import { NextResponse, type NextRequest } from "next/server";
import { getConfig } from "./config";
import { buildCsp, createNonce } from "./lib/csp";

/**
 * Runs before every page: a fresh CSP nonce per request. Next.js reads the nonce from the request's
 * Content-Security-Policy header and puts it on its own scripts. The request-independent security headers
 * (HSTS, frame, referrer, permissions, nosniff) are set for every path in next.config.ts.
 */
export function proxy(request: NextRequest) {
  const config = getConfig();
  const nonce = createNonce();
  const csp = buildCsp({
    nonce,
    apiOrigin: config.apiOrigin,
    authEmulatorOrigin: config.authEmulatorOrigin,
    isDev: config.isDev,
    analyticsOrigins: config.analyticsOrigins,
  });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|fonts/|presets/).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
