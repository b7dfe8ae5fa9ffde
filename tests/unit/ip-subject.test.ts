import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { ipSubject, networkOf } from "../../functions/src/core/limits/ip-subject.ts";
import { IpRanges } from "../../functions/src/core/net/cidr.ts";
import { clientIp, googleFrontEnd } from "../../functions/src/http/client-ip.ts";

const salt = new Uint8Array(32).fill(7);

describe("IP subjects for unauthenticated limits", () => {
  it("group IPv6 by /64, whatever the notation", () => {
    expect(networkOf("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
    expect(networkOf("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
    expect(networkOf("::ffff:198.51.100.4")).toBe("198.51.100.4");
    expect(networkOf("198.51.100.4")).toBe("198.51.100.4");
  });

  it("hash the network with the day's salt and never contain the address", () => {
    const a = ipSubject("2001:db8:1:2::1", salt);
    expect(ipSubject("2001:db8:1:2:ffff::9", salt)).toBe(a);
    expect(ipSubject("2001:db8:1:3::1", salt)).not.toBe(a);
    expect(ipSubject("2001:db8:1:2::1", new Uint8Array(32).fill(8))).not.toBe(a);
    const v4 = ipSubject("198.51.100.4", salt);
    expect(v4).toMatch(/^ip:[A-Za-z0-9_-]{22}$/);
    expect(v4).not.toContain("198");
    expect(ipSubject("198.51.100.5", salt)).not.toBe(v4);
  });
});

function request(peer: string, xff?: string): Request {
  return { socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { "x-forwarded-for": xff } } as unknown as Request;
}

describe("client IP", () => {
  const proxies = new IpRanges(["10.0.0.0/8", "2001:db8:ffff::/48"]);

  it("is the peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientIp(request("203.0.113.9", "1.2.3.4"), new IpRanges([]))).toBe("203.0.113.9");
  });

  it("is the peer when the peer is not a trusted proxy", () => {
    expect(clientIp(request("203.0.113.9", "1.2.3.4"), proxies)).toBe("203.0.113.9");
  });

  it("walks X-Forwarded-For from the right past trusted proxies only", () => {
    expect(clientIp(request("10.0.0.2", "198.51.100.1, 203.0.113.7, 10.0.0.5"), proxies)).toBe("203.0.113.7");
    expect(clientIp(request("::ffff:10.0.0.2", "203.0.113.7"), proxies)).toBe("203.0.113.7");
    expect(clientIp(request("2001:db8:ffff::1", "2001:db8:1::9"), proxies)).toBe("2001:db8:1::9");
  });

  it("does not believe a spoofed left-most entry or a garbage hop", () => {
    expect(clientIp(request("10.0.0.2", "evil, 203.0.113.7"), proxies)).toBe("203.0.113.7");
    expect(clientIp(request("10.0.0.2", "203.0.113.7, not-an-ip"), proxies)).toBe("10.0.0.2");
    expect(clientIp(request("10.0.0.2"), proxies)).toBe("10.0.0.2");
  });

  describe("behind Google's front end (BEZ_TRUSTED_PROXIES=google-front-end)", () => {
    // On Cloud Functions v2 / Cloud Run the TCP peer is Google's; the front end appends the address it saw last.
    const gfePeer = "169.254.1.1";

    it("is the last X-Forwarded-For entry, the one the front end appended", () => {
      expect(clientIp(request(gfePeer, "203.0.113.7"), googleFrontEnd)).toBe("203.0.113.7");
      expect(clientIp(request(gfePeer, "2001:db8:1::9"), googleFrontEnd)).toBe("2001:db8:1::9");
      expect(clientIp(request(gfePeer, "::ffff:203.0.113.7"), googleFrontEnd)).toBe("203.0.113.7");
    });

    it("never believes what the client put left of it", () => {
      expect(clientIp(request(gfePeer, "198.51.100.1, 10.0.0.1, 203.0.113.7"), googleFrontEnd)).toBe("203.0.113.7");
      expect(clientIp(request(gfePeer, "not-an-ip, 203.0.113.7"), googleFrontEnd)).toBe("203.0.113.7");
      expect(clientIp({ socket: { remoteAddress: gfePeer }, headers: { "x-forwarded-for": ["198.51.100.1", "203.0.113.7"] } } as unknown as Request, googleFrontEnd)).toBe(
        "203.0.113.7",
      );
    });

    it("falls back to the peer when the front end's entry is missing or malformed", () => {
      expect(clientIp(request(gfePeer), googleFrontEnd)).toBe(gfePeer);
      expect(clientIp(request(gfePeer, ""), googleFrontEnd)).toBe(gfePeer);
      expect(clientIp(request(gfePeer, "203.0.113.7, garbage"), googleFrontEnd)).toBe(gfePeer);
    });
  });
});
