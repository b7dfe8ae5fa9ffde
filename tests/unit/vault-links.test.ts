/** Signed content links: who they are for, how long they last, and that any change to them is refused. */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../functions/src/core/errors.ts";
import { type LinkParams, createLinkSigner } from "../../functions/src/core/vault/signed-links.ts";
import type { Clock } from "../../functions/src/ports.ts";

let now = Date.parse("2026-11-22T12:00:00Z");
const clock: Clock = { now: () => new Date(now) };
const linkKey = randomBytes(32);
const links = createLinkSigner(linkKey, clock);
const uid = "uAlice0123456789abcdefghij";
const imageId = "01jabcdefghjkmnpqrstvwxyz0";

function expectInvalid(fn: () => unknown) {
  try {
    fn();
    expect.unreachable("the link was accepted");
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("invalid-link");
  }
}

/** Replaces one character with another of the base64url alphabet. */
function alter(value: string, at: number): string {
  const c = value[at] === "A" ? "B" : "A";
  return value.slice(0, at) + c + value.slice(at + 1);
}

describe("signed links", () => {
  it("tell a model link from an owner link, and one cannot be turned into the other", () => {
    const model = links.issue(uid, imageId, "model").params;
    expect(links.verify(imageId, model)).toEqual({ uid, audience: "model" });
    const owner = links.issue(uid, imageId, "owner").params;
    expect(owner.exp).toBe(model.exp);
    // Same owner, image and expiry, yet different signatures: the audience is bound by its own key.
    expect(owner.sig).not.toBe(model.sig);
    expect(links.verify(imageId, owner).audience).toBe("owner");
    expectInvalid(() => links.verify(imageId, { ...model, sig: alter(model.sig, 3) }));
    expectInvalid(() => links.verify("01jothrimageid000000000000", model));
  });

  it("recover the owner, expire within five minutes and hide the uid", () => {
    const { params, expiresAt } = links.issue(uid, imageId);
    expect(expiresAt.getTime() - now).toBeLessThanOrEqual(300_000);
    expect(Number(params.exp)).toBe(expiresAt.getTime() / 1000);
    expect(JSON.stringify(params)).not.toContain(uid);
    expect(links.verify(imageId, params)).toEqual({ uid, audience: "owner" });
    // Two links for the same image do not even share their owner parameter.
    expect(links.issue(uid, imageId).params.u).not.toBe(params.u);
  });

  it("refuse expired links and expiries beyond five minutes", () => {
    const { params } = links.issue(uid, imageId);
    now += 301_000;
    expectInvalid(() => links.verify(imageId, params));
    now -= 301_000;
    const far = { ...params, exp: String(Number(params.exp) + 3600) };
    expectInvalid(() => links.verify(imageId, far));
  });

  it("refuse any altered character of u, exp or sig, another image id, a missing part, or another key", () => {
    const { params } = links.issue(uid, imageId);
    for (const name of ["u", "exp", "sig"] as const) {
      for (let at = 0; at < params[name].length; at++) {
        const altered: LinkParams = { ...params, [name]: name === "exp" ? String((Number(params.exp) - 1 - at) | 0) : alter(params[name], at) };
        expectInvalid(() => links.verify(imageId, altered));
      }
      expectInvalid(() => links.verify(imageId, { ...params, [name]: undefined }));
    }
    expectInvalid(() => links.verify("01jothrimageid000000000000", params));
    expectInvalid(() => createLinkSigner(randomBytes(32), clock).verify(imageId, params));
  });

  it("cannot be issued for longer than five minutes", () => {
    expect(() => createLinkSigner(linkKey, clock, 301)).toThrow();
  });
});
