/**
 * The client's IP: the TCP peer, unless the peer is a configured trusted proxy, in which case X-Forwarded-For is
 * walked from the right (nearest hop first) past trusted proxies to the first address we did not put there.
 * Entries left of that are client-supplied and never believed.
 */
import type { Request } from "express";
import { isIP } from "node:net";
import { type IpRanges, normalizeIp } from "../core/net/cidr.ts";

export function clientIp(req: Request, trusted: IpRanges): string {
  let current = normalizeIp(req.socket.remoteAddress ?? "");
  if (trusted.size === 0 || !trusted.has(current)) return current;
  const header = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((h) => normalizeIp(h.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] ?? "";
    // A malformed hop means the chain cannot be trusted beyond it: the last trusted proxy is all we know.
    if (isIP(hop) === 0) return current;
    current = hop;
    if (!trusted.has(hop)) return hop;
  }
  return current;
}
