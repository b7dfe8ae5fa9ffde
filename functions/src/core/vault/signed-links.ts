/**
 * Signed content links: `…/v1/images/{id}/content?u=…&exp=…&sig=…`, valid at most five minutes, usable without an
 * Authorization header (an <img src>). `sig` is HMAC-SHA256 over uid, image id and expiry; `u` carries the owner's
 * uid encrypted (so a leaked link does not say whose image it is) for the server to recover without a token.
 * Both keys derive from BEZ_LINK_KEY. Anything wrong — tampered, expired, truncated — is one `invalid-link`.
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { imageLimits } from "@bez/contracts";
import type { Clock } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import { DecryptionError, open, seal } from "./envelope.ts";

export interface LinkParams {
  u: string;
  exp: string;
  sig: string;
}

/**
 * Who a link is for. "owner" links are the user's own (the account's IP lock applies to them); "model" links are
 * handed only to the image model, which fetches a reference photo from its own network, so the owner's IP lock
 * cannot apply. Each audience has its own signing key: one kind of link can never pass as the other.
 */
export type LinkAudience = "owner" | "model";

export interface LinkSigner {
  issue(uid: string, imageId: string, audience?: LinkAudience): { params: LinkParams; expiresAt: Date };
  /** Returns the owner's uid and the link's audience, or throws DomainError("invalid-link"). */
  verify(imageId: string, params: Partial<LinkParams>): { uid: string; audience: LinkAudience };
}

/** Accepted clock difference between the instance that signed and the one that verifies. */
const SKEW_SECONDS = 5;

const derive = (linkKey: Uint8Array, purpose: string) =>
  Buffer.from(hkdfSync("sha256", linkKey, new Uint8Array(0), `bez link ${purpose} v1`, 32));

export function createLinkSigner(linkKey: Uint8Array, clock: Clock, ttlSeconds: number = imageLimits.linkTtlSeconds): LinkSigner {
  if (ttlSeconds > imageLimits.linkTtlSeconds) throw new Error(`signed links live at most ${imageLimits.linkTtlSeconds} s`);
  const signingKeys: Record<LinkAudience, Buffer> = { owner: derive(linkKey, "signature"), model: derive(linkKey, "model signature") };
  const ownerKey = derive(linkKey, "owner");
  const mac = (audience: LinkAudience, uid: string, imageId: string, exp: string) =>
    createHmac("sha256", signingKeys[audience]).update(`${uid}\n${imageId}\n${exp}`).digest();
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  return {
    issue(uid, imageId, audience = "owner") {
      const exp = String(nowSeconds() + ttlSeconds);
      const owner = seal(ownerKey, { uid: "", kind: "link-owner", id: imageId }, Buffer.from(uid, "utf8"));
      return {
        params: { u: owner.toString("base64url"), exp, sig: mac(audience, uid, imageId, exp).toString("base64url") },
        expiresAt: new Date(Number(exp) * 1000),
      };
    },
    verify(imageId, { u, exp, sig }) {
      const invalid = () => new DomainError("invalid-link", "This image link is not valid or has expired. Ask for a new one.");
      if (!u || !exp || !sig || !/^\d{1,12}$/.test(exp)) throw invalid();
      const now = nowSeconds();
      const expiry = Number(exp);
      if (expiry < now || expiry > now + imageLimits.linkTtlSeconds + SKEW_SECONDS) throw invalid();
      // Base64 decoding ignores a final character's spare bits: insist on the canonical form, so every change counts.
      const owner = Buffer.from(u, "base64url");
      if (owner.toString("base64url") !== u) throw invalid();
      let uid: string;
      try {
        uid = open(ownerKey, { uid: "", kind: "link-owner", id: imageId }, owner).toString("utf8");
      } catch (error) {
        if (error instanceof DecryptionError) throw invalid();
        throw error;
      }
      const given = Buffer.from(sig);
      for (const audience of ["owner", "model"] as const) {
        const expected = Buffer.from(mac(audience, uid, imageId, exp).toString("base64url"));
        if (given.length === expected.length && timingSafeEqual(given, expected)) return { uid, audience };
      }
      throw invalid();
    },
  };
}
