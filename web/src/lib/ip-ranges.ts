/**
 * IPv4/IPv6 addresses and CIDR ranges for the IP lock editor: parse with a reason in plain words, and check whether
 * an address is inside a list. The API parses again and has the last word; this only spares a round trip.
 */
export interface ParsedRange {
  family: 4 | 6;
  /** The network address as a number, and the prefix length. */
  base: bigint;
  prefix: number;
}

function parseIPv4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part.startsWith("0"))) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(":")) return null;
  let head = text;
  let tail4: bigint | null = null;
  const lastColon = text.lastIndexOf(":");
  if (text.slice(lastColon + 1).includes(".")) {
    tail4 = parseIPv4(text.slice(lastColon + 1));
    if (tail4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === "" ? [] : s.split(":"));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...right];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail4 !== null) value = (value & ~0xffffffffn) | tail4;
  return value;
}

export function parseAddress(text: string): { family: 4 | 6; value: bigint } | null {
  const v4 = parseIPv4(text);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = parseIPv6(text);
  if (v6 !== null) {
    // ::ffff:a.b.c.d is an IPv4 address seen over IPv6.
    if (v6 >> 32n === 0xffffn) return { family: 4, value: v6 & 0xffffffffn };
    return { family: 6, value: v6 };
  }
  return null;
}

/** Parses "198.51.100.7", "203.0.113.0/24" or "2001:db8::/32"; a plain address is a range of one. */
export function parseRange(text: string): { ok: true; range: ParsedRange } | { ok: false; reason: string } {
  const entry = text.trim();
  if (!entry) return { ok: false, reason: "This line is empty. Type an address or remove the line." };
  const [addressText, prefixText, extra] = entry.split("/");
  if (extra !== undefined) return { ok: false, reason: "A range has one slash, like 203.0.113.0/24." };
  const address = parseAddress(addressText!);
  if (!address) {
    return {
      ok: false,
      reason: `“${addressText}” isn’t an IP address. Use four numbers from 0 to 255 separated by dots (like 203.0.113.7), or an IPv6 address (like 2001:db8::1).`,
    };
  }
  const bits = address.family === 4 ? 32 : 128;
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
      return { ok: false, reason: `The number after the slash must be from 0 to ${bits} for an IPv${address.family} range.` };
    }
    prefix = Number(prefixText);
  }
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { ok: true, range: { family: address.family, base: address.value & mask, prefix } };
}

export function rangeContains(range: ParsedRange, ip: string): boolean {
  const address = parseAddress(ip);
  if (!address || address.family !== range.family) return false;
  const bits = address.family === 4 ? 32 : 128;
  const shift = BigInt(bits - range.prefix);
  return address.value >> shift === range.base >> shift;
}
