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

/** An address as 4 or 16 bytes, or null. Embedded IPv4 tails ("::ffff:1.2.3.4") are understood. */
function addressBytes(address: string): Uint8Array | null {
  const version = isIP(address);
  if (version === 4) return Uint8Array.from(address.split(".").map(Number));
  if (version !== 6) return null;
  let text = address.toLowerCase().split("%")[0] ?? "";
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  const tailBytes: number[] = [];
  if (tail?.[1]) {
    tailBytes.push(...tail[1].split(".").map(Number));
    text = text.slice(0, tail.index);
    if (!text.endsWith("::")) text = text.slice(0, -1);
  }
  const [head = "", rest] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = rest ? rest.split(":") : [];
  const groups = tailBytes.length > 0 ? 6 : 8;
  const fill = rest === undefined ? [] : Array<string>(groups - left.length - right.length).fill("0");
  const bytes: number[] = [];
  for (const group of [...left, ...fill, ...right].slice(0, groups)) {
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return Uint8Array.from([...bytes, ...tailBytes]);
}

/** RFC 5952 text for 16 bytes: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as "::". */
function formatIpv6(bytes: Uint8Array): string {
  const groups = Array.from({ length: 8 }, (_, i) => (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16));
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.length < 2) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.length).join(":")}`;
}

/**
 * One canonical spelling per address or range, so equal entries compare equal: IPv4-mapped IPv6 addresses become
 * IPv4, host bits below the prefix are cleared ("203.0.113.7/24" → "203.0.113.0/24"), a full-length prefix is
 * dropped ("198.51.100.7/32" → "198.51.100.7") and IPv6 is written as RFC 5952 says. Null when it is neither.
 */
export function normalizeCidr(entry: string): string | null {
  const parsed = parseEntry(normalizeIp(entry.trim()));
  if (!parsed) return null;
  const bytes = addressBytes(parsed.address);
  if (!bytes) return null;
  const max = bytes.length * 8;
  // An IPv4-mapped range (::ffff:0:0/96 and longer) is the IPv4 range it maps.
  const mapped = bytes.length === 16 && parsed.prefix >= 96 && bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  const target = mapped ? bytes.subarray(12) : bytes;
  const prefix = mapped ? parsed.prefix - 96 : parsed.prefix;
  const masked = Uint8Array.from(target, (byte, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return byte & ((0xff << (8 - keep)) & 0xff);
  });
  const text = masked.length === 4 ? masked.join(".") : formatIpv6(masked);
  return prefix === (mapped ? 32 : max) ? text : `${text}/${prefix}`;
}
