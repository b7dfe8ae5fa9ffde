import { describe, expect, it } from "vitest";
import { IpRanges, isValidCidrOrIp, normalizeIp } from "../../functions/src/core/net/cidr.ts";

describe("IP ranges", () => {
  it.each(["203.0.113.0/24", "198.51.100.7", "2001:db8::/32", "::1", "0.0.0.0/0"])("accepts %s", (entry) => {
    expect(isValidCidrOrIp(entry)).toBe(true);
  });

  it.each(["203.0.113.0/33", "2001:db8::/129", "300.1.1.1", "10.0.0.0/8/1", "10.0.0.0/ 8", "", "example.com", "10.0.0.0/-1"])(
    "refuses %j",
    (entry) => {
      expect(isValidCidrOrIp(entry)).toBe(false);
    },
  );

  it("matches addresses inside IPv4 and IPv6 ranges, and IPv4-mapped IPv6", () => {
    const ranges = new IpRanges(["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"]);
    expect(ranges.has("203.0.113.200")).toBe(true);
    expect(ranges.has("::ffff:203.0.113.9")).toBe(true);
    expect(ranges.has("203.0.114.1")).toBe(false);
    expect(ranges.has("2001:db8:1::5")).toBe(true);
    expect(ranges.has("2001:db9::1")).toBe(false);
    expect(ranges.has("198.51.100.7")).toBe(true);
    expect(ranges.has("198.51.100.8")).toBe(false);
    expect(ranges.has("not-an-ip")).toBe(false);
  });

  it("normalizes IPv4-mapped IPv6 only", () => {
    expect(normalizeIp("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(normalizeIp("2001:db8::1")).toBe("2001:db8::1");
  });

  it("refuses to build from a bad entry", () => {
    expect(() => new IpRanges(["10.0.0.0/8", "nope"])).toThrow(/Not an IP address or CIDR/);
  });
});
