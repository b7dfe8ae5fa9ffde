import type { NextConfig } from "next";
import { readWebConfig } from "./src/env.ts";

// Fails `next build` and `next start` (both load this file) with a message naming every missing or bad variable, so a
// misconfigured deploy never ships or serves pages pointing at local demo values.
readWebConfig();

/**
 * Security headers that do not depend on the request. The Content-Security-Policy needs a fresh nonce
 * per request and lives in src/proxy.ts.
 */
const staticSecurityHeaders = [
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains; preload" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "X-DNS-Prefetch-Control", value: "off" },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: ["@bez/contracts"],
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders }];
  },
};

export default nextConfig;
