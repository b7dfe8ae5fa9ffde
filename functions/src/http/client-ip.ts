/**
 * The client's IP. Two trust rules, chosen by BEZ_TRUSTED_PROXIES:
 * - proxy ranges (CIDRs): the TCP peer, unless the peer is a configured trusted proxy, in which case X-Forwarded-For
 *   is walked from the right (nearest hop first) past trusted proxies to the first address we did not put there.
 *   Entries left of that are client-supplied and never believed.
 * - `google-front-end` (Cloud Functions v2 / Cloud Run): every request reaches the instance through Google's front
 *   end, which appends the address it saw as the LAST X-Forwarded-For entry, and the TCP peer is Google's, not the
 *   user's. So exactly that last entry is believed, and nothing left of it.
 */
import type { Request } from "express";
import { isIP } from "node:net";
import { type IpRanges, normalizeIp } from "../core/net/cidr.ts";

export const googleFrontEnd = "google-front-end";

/** Whose X-Forwarded-For is believed. */
export type TrustedProxies = IpRanges | typeof googleFrontEnd;

export function clientIp(req: Request, trusted: TrustedProxies): string {
  const peer = normalizeIp(req.socket.remoteAddress ?? "");
  if (trusted === googleFrontEnd) {
    const last = forwardedHops(req).at(-1) ?? "";
    // No usable hop means the request did not come through the front end as documented: the peer is all we know.
    return isIP(last) === 0 ? peer : last;
  }
  let current = peer;
  if (trusted.size === 0 || !trusted.has(current)) return current;
  const hops = forwardedHops(req);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? "";
    // A malformed hop means the chain cannot be trusted beyond it: the last trusted proxy is all we know.
    if (isIP(hop) === 0) return current;
    current = hop;
    if (!trusted.has(hop)) return hop;
  }
  return current;
}

function forwardedHops(req: Request): string[] {
  const header = req.headers["x-forwarded-for"];
  if (header === undefined) return [];
  return (Array.isArray(header) ? header.join(",") : header).split(",").map((h) => normalizeIp(h.trim()));
}
