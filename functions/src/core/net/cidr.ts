/**
 * IP addresses and CIDR ranges, on node:net's BlockList (it handles IPv4, IPv6 and IPv4-mapped IPv6).
 * Used for trusted proxies and, later, account IP locks.
 */
import { BlockList, isIP } from "node:net";

/** "203.0.113.7" → "203.0.113.7"; "::ffff:203.0.113.7" → "203.0.113.7"; otherwise the address as given. */
export function normalizeIp(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

function parseEntry(entry: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address = "", prefixText, extra] = entry.trim().split("/");
  if (extra !== undefined) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const family = version === 4 ? "ipv4" : "ipv6";
  const max = version === 4 ? 32 : 128;
  if (prefixText === undefined) return { address, prefix: max, family };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= max ? { address, prefix, family } : null;
}

export function isValidCidrOrIp(entry: string): boolean {
  return parseEntry(entry) !== null;
}

/** A set of ranges; `has` answers whether an address falls in any of them. */
export class IpRanges {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const parsed = parseEntry(entry);
      if (!parsed) throw new Error(`Not an IP address or CIDR range: ${JSON.stringify(entry)}`);
      this.list.addSubnet(parsed.address, parsed.prefix, parsed.family);
    }
    this.size = entries.length;
  }

  has(address: string): boolean {
    const ip = normalizeIp(address);
    const version = isIP(ip);
    if (version === 0) return false;
    return this.list.check(ip, version === 4 ? "ipv4" : "ipv6");
  }
}
