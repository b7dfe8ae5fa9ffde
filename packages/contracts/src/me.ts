import { z } from "zod";
import { roles } from "./roles.ts";

export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;

export const AccountStatus = z.enum(["active", "restricted", "deleting"]);
export type AccountStatus = z.infer<typeof AccountStatus>;

export const IpLockSettings = z.object({ enabled: z.boolean(), cidrs: z.array(z.string()) });
export type IpLockSettings = z.infer<typeof IpLockSettings>;

export const UserSettings = z.object({ ipLock: IpLockSettings, analytics: z.boolean() });
export type UserSettings = z.infer<typeof UserSettings>;

export const Me = z.object({
  uid: z.string(),
  email: z.string().nullable(),
  displayName: z.string().nullable(),
  role: Role,
  status: AccountStatus,
  createdAt: z.string(),
  settings: UserSettings,
  usage: z.object({ generationsToday: z.number().int(), dailyQuota: z.number().int() }),
  /** Whether the user confirmed being 13 or older, and which privacy policy version they accepted (null: not yet). */
  ageConfirmed: z.boolean(),
  policy: z.object({ version: z.string(), acceptedAt: z.string() }).nullable(),
});
export type Me = z.infer<typeof Me>;

export const displayNameMaxLength = 80;

/** Letters, marks, digits, spaces and common name punctuation; no control or bidi-override characters. */
export const DisplayName = z
  .string()
  .trim()
  .min(1, "Display name cannot be empty")
  .max(displayNameMaxLength, `Display name is at most ${displayNameMaxLength} characters`)
  .regex(/^[\p{L}\p{M}\p{N} .,'’&()-]+$/u, "Display name may use letters, digits, spaces and . , ' & ( ) -");

export const PatchMeRequest = z.strictObject({
  displayName: DisplayName.optional(),
  settings: z.strictObject({ analytics: z.boolean().optional() }).optional(),
});
export type PatchMeRequest = z.infer<typeof PatchMeRequest>;

/** The privacy policy version the product currently asks users to accept. */
export const currentPolicyVersion = "2026-11-01";

/** Sign-up facts the web app sends right after creating the Firebase account: `POST /v1/me/consent`. */
export const ConsentRequest = z.strictObject({
  ageConfirmed: z.literal(true, { error: "You must confirm you are 13 or older" }),
  policyVersion: z.literal(currentPolicyVersion, { error: `Accept the current privacy policy (${currentPolicyVersion})` }),
});
export type ConsentRequest = z.infer<typeof ConsentRequest>;
