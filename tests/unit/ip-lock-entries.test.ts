/** Canonical IP-lock entries: one spelling per address or range, so equal entries compare equal. */
import { describe, expect, it } from "vitest";
import { IpRanges, normalizeCidr } from "../../functions/src/core/net/cidr.ts";

describe("normalizeCidr", () => {
  it.each([
    ["203.0.113.7/24", "203.0.113.0/24"],
    ["198.51.100.7", "198.51.100.7"],
    ["198.51.100.7/32", "198.51.100.7"],
    [" 10.1.2.3/8 ", "10.0.0.0/8"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["2001:DB8::/32", "2001:db8::/32"],
    ["2001:db8::7/64", "2001:db8::/64"],
    ["2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["2001:db8::1/128", "2001:db8::1"],
    ["::1", "::1"],
    ["::/0", "::/0"],
    ["::ffff:192.0.2.128", "192.0.2.128"],
    ["::ffff:c000:0280", "192.0.2.128"],
    ["::ffff:192.0.2.1/120", "192.0.2.0/24"],
  ])("%s → %s", (entry, canonical) => {
    expect(normalizeCidr(entry)).toBe(canonical);
    // The canonical form matches exactly what the original did.
    const probe = canonical.includes(":") ? "2001:db8::1:0:0:1" : "192.0.2.128";
    expect(new IpRanges([canonical]).has(probe)).toBe(new IpRanges([entry.trim()]).has(probe));
  });

  it.each(["300.1.2.3", "1.2.3.4/33", "2001:db8::/129", "shop.example", "", "1.2.3.4/", "1.2.3.4/8/8", "1.2.3"])("refuses %j", (entry) => {
    expect(normalizeCidr(entry)).toBeNull();
  });
});
