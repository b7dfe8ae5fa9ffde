/** The limit policy table (DESIGN.md §7). Defaults here; config.ts may override any entry. */
import type { RatePolicy } from "../../ports.ts";

export interface LimitPolicies {
  /** Unauthenticated endpoints, per client IP (salted hash). */
  public: RatePolicy;
  /** Every authenticated request, per user: a backstop against runaway clients. */
  account: RatePolicy;
  generations: RatePolicy;
  uploads: RatePolicy;
  exports: RatePolicy;
  admin: RatePolicy;
  /** IP-lock unlock emails, per user: each one lands in the owner's inbox, so a stolen session must not spam it. */
  unlockLinks: RatePolicy;
  /** Webhook deliveries that fail verification, per client IP (salted hash); genuine deliveries are never limited. */
  webhookRejections: RatePolicy;
  /** Requests whose credentials fail (a bad, expired or revoked token), per client IP (salted hash). */
  authFailures: RatePolicy;
  /** Image content converted on the fly (another format or width than stored: a decode and encode), per owner. */
  transcodes: RatePolicy;
  /** The same, per signed link: one leaked link cannot spend its owner's whole transcode budget. */
  linkTranscodes: RatePolicy;
  generationsInFlight: { limit: number; leaseSeconds: number };
  dailyImages: { limit: number };
}

export const ratePolicyNames = [
  "public",
  "account",
  "generations",
  "uploads",
  "exports",
  "admin",
  "unlockLinks",
  "webhookRejections",
  "authFailures",
  "transcodes",
  "linkTranscodes",
] as const;
export type RatePolicyName = (typeof ratePolicyNames)[number];

export const defaultPolicies: LimitPolicies = {
  public: { name: "public", limit: 60, windowSeconds: 60 },
  account: { name: "account", limit: 600, windowSeconds: 60 },
  generations: { name: "generations", limit: 10, windowSeconds: 60 },
  uploads: { name: "uploads", limit: 30, windowSeconds: 60 },
  exports: { name: "exports", limit: 3, windowSeconds: 86400 },
  admin: { name: "admin", limit: 120, windowSeconds: 60 },
  unlockLinks: { name: "unlockLinks", limit: 3, windowSeconds: 3600 },
  webhookRejections: { name: "webhookRejections", limit: 60, windowSeconds: 60 },
  authFailures: { name: "authFailures", limit: 30, windowSeconds: 300 },
  // The web app asks for resized copies of every image it shows: generous per owner, tight per link.
  transcodes: { name: "transcodes", limit: 300, windowSeconds: 60 },
  linkTranscodes: { name: "linkTranscodes", limit: 30, windowSeconds: 60 },
  generationsInFlight: { limit: 4, leaseSeconds: 15 * 60 },
  dailyImages: { limit: 200 },
};

/** Redis keys. The subject sits in a {hash tag} so a cluster keeps a subject's keys together and forget() can find them. */
export const limiterKeys = {
  rate: (policy: RatePolicyName, subject: string) => `bez:rl:${policy}:{${subject}}`,
  inFlight: (subject: string) => `bez:inflight:generations:{${subject}}`,
  dailyImages: (subject: string) => `bez:quota:images:{${subject}}`,
};

export const userSubject = (uid: string) => `u:${uid}`;
