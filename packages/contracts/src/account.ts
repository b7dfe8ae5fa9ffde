import { z } from "zod";
import { opaqueId } from "./lists.ts";

/** How many addresses or ranges one IP lock may hold. */
export const ipLockMaxEntries = 50;

/**
 * One IPv4/IPv6 address or CIDR range ("203.0.113.0/24", "2001:db8::/32", "198.51.100.7"). This checks the shape
 * only (the contracts also run in browsers); the API parses each entry for real and names the ones it refuses.
 */
export const IpLockEntry = z
  .string()
  .trim()
  .min(1, "An address or range cannot be empty")
  .max(64, "An address or range is at most 64 characters")
  .regex(/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/, "Use an IPv4 or IPv6 address, or a range like 203.0.113.0/24");

/** `PUT /v1/me/ip-lock`. */
export const IpLockRequest = z.strictObject({
  enabled: z.boolean(),
  cidrs: z.array(IpLockEntry).max(ipLockMaxEntries, `At most ${ipLockMaxEntries} addresses or ranges`),
});
export type IpLockRequest = z.infer<typeof IpLockRequest>;

/** `POST /v1/ip-lock/unlock`: the secret from the emailed unlock link (the part after `#`). */
export const IpUnlockRequest = z.strictObject({ token: z.string().min(1).max(200) });
export type IpUnlockRequest = z.infer<typeof IpUnlockRequest>;

/** `GET /v1/me/ip`: the address the API sees the caller at (to help them fill in their IP lock). */
export const CallerIp = z.object({ ip: z.string() });
export type CallerIp = z.infer<typeof CallerIp>;

/** `PUT /v1/me/restriction`. */
export const RestrictionRequest = z.strictObject({ restricted: z.boolean() });
export type RestrictionRequest = z.infer<typeof RestrictionRequest>;

// ---------------------------------------------------------------------------------------------
// Personal access tokens

/** Tokens one user may hold at once. */
export const maxTokensPerUser = 20;

export const TokenName = z
  .string()
  .trim()
  .min(1, "Give the token a name")
  .max(80, "A token name is at most 80 characters")
  .regex(/^[\p{L}\p{M}\p{N} ._'’()-]+$/u, "A token name may use letters, digits, spaces and . _ ' ( ) -");

/** `POST /v1/me/tokens`. */
export const CreateTokenRequest = z.strictObject({
  name: TokenName,
  expiresInDays: z.number().int().min(1).max(365),
});
export type CreateTokenRequest = z.infer<typeof CreateTokenRequest>;

/** A token as listed: never its secret. */
export const AccessToken = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type AccessToken = z.infer<typeof AccessToken>;

/** The answer to `POST /v1/me/tokens`: the only time the secret is shown. */
export const CreatedAccessToken = AccessToken.extend({ token: z.string() });
export type CreatedAccessToken = z.infer<typeof CreatedAccessToken>;

export const AccessTokenList = z.object({ items: z.array(AccessToken) });
export type AccessTokenList = z.infer<typeof AccessTokenList>;

/** Route parameter of `DELETE /v1/me/tokens/{id}`. */
export const TokenId = z.string().regex(/^[A-Za-z0-9]{1,64}$/, "Not a token id");

/** `bez_pat_<id>_<secret>`: the id (letters and digits, for listing and revoking), then 256 bits of base64url secret. */
export const personalAccessTokenPattern = /^bez_pat_([A-Za-z0-9]{1,64})_([A-Za-z0-9_-]{43})$/;

// ---------------------------------------------------------------------------------------------
// Deletion (right to erasure)

/** `DELETE /v1/me`. */
export const DeleteAccountRequest = z.strictObject({
  confirm: z.literal("DELETE", { error: 'Type "DELETE" to confirm' }),
});
export type DeleteAccountRequest = z.infer<typeof DeleteAccountRequest>;

export const DeletionAccepted = z.object({ deletionId: z.string() });
export type DeletionAccepted = z.infer<typeof DeletionAccepted>;

export const DeletionId = opaqueId("Not a deletion id", { min: 16 });

/** `GET /v1/deletions/{deletionId}`: what was removed, signed; no uid, no email. */
export const DeletionReceipt = z.object({
  deletionId: z.string(),
  status: z.enum(["pending", "complete"]),
  requestedAt: z.string(),
  completedAt: z.string().nullable(),
  removed: z.object({
    images: z.number().int(),
    generations: z.number().int(),
    blobs: z.number().int(),
    tokens: z.number().int(),
    documents: z.number().int(),
    auditEventsPseudonymized: z.number().int(),
  }),
  /** HMAC-SHA256 (base64url) over the other fields, under a key only the service holds; null while pending. */
  signature: z.string().nullable(),
});
export type DeletionReceipt = z.infer<typeof DeletionReceipt>;
