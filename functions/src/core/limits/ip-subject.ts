/**
 * Unauthenticated limits key on a salted hash of the client's network, never the raw IP: IPv4 by address,
 * IPv6 by its /64 (one subscriber usually holds a whole /64). The salt rotates daily and old salts expire,
 * so yesterday's hashes cannot be linked to today's or reversed.
 */
import { createHmac } from "node:crypto";
import { isIP } from "node:net";
import { normalizeIp } from "../net/cidr.ts";

/** "2001:db8::1" → ["2001","db8","0","0","0","0","0","1"] (embedded IPv4 tails become two groups). */
function ipv6Groups(address: string): string[] {
  let text = address.toLowerCase().split("%")[0] ?? "";
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}

export function networkOf(ip: string): string {
  const address = normalizeIp(ip);
  if (isIP(address) === 6) return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
  return address;
}

export function ipSubject(ip: string, dailySalt: Uint8Array): string {
  return `ip:${createHmac("sha256", dailySalt).update(networkOf(ip)).digest("base64url").slice(0, 22)}`;
}
