/**
 * User profiles (`users/{uid}`): created on the first authenticated call, corrected by the user,
 * and the consent facts recorded at sign-up.
 */
import {
  type ConsentRequest,
  type Me,
  type PatchMeRequest,
  type Role,
  Role as RoleSchema,
  type UserSettings,
} from "@bez/contracts";
import type { AuditLog, Clock, DocData, DocPatch, DocumentStore, Identity, RateLimiter } from "../../ports.ts";
import { refuseIfErasing } from "../deletion/fence.ts";
import { failClosed } from "../limits/enforce.ts";
import { limiterKeys, userSubject } from "../limits/policies.ts";
import { DomainError } from "../errors.ts";
import type { RequestContext } from "../principal.ts";

export interface ProfileDoc extends DocData {
  email: string | null;
  displayName: string | null;
  role: Role;
  status: "active" | "restricted" | "deleting";
  settings: UserSettings;
  createdAt: Date;
  updatedAt: Date;
  ageConfirmedAt: Date | null;
  policyVersion: string | null;
  policyAcceptedAt: Date | null;
  /** When the role last changed; a token issued before it may still carry the old claim and must not undo it. */
  roleSetAt: Date | null;
}

export interface ProfileDeps {
  store: DocumentStore;
  audit: AuditLog;
  clock: Clock;
  limiter: RateLimiter;
  dailyQuota: number;
  roles: RoleSync;
}

/** Role claims: who is made admin at first sign-in, and how the claim is set. */
export interface RoleSync {
  identity: Pick<Identity, "setRole">;
  /** Lower-cased emails (BEZ_BOOTSTRAP_ADMINS); honoured only when the token vouches for the email. */
  bootstrapAdmins: readonly string[];
}

/** Built once: building a zod schema costs far more than running it. */
const roleOrUser = RoleSchema.catch("user");

export const profilePath = (uid: string) => `users/${uid}`;

function newProfile(ctx: RequestContext, now: Date): ProfileDoc {
  return {
    email: ctx.principal.email,
    displayName: null,
    role: "user",
    status: "active",
    settings: { ipLock: { enabled: false, cidrs: [] }, analytics: false },
    createdAt: now,
    updatedAt: now,
    ageConfirmedAt: null,
    policyVersion: null,
    policyAcceptedAt: null,
    roleSetAt: null,
  };
}

/**
 * Reads the caller's profile, creating it (and auditing `account.created`) on the first call. The stored role mirrors
 * the token's role claim (the authority) for staff look-ups: a claim set outside the API (`npm run grant-role`) is
 * mirrored and audited as `role.changed` the first time the user's new token is seen.
 */
export async function ensureProfile(deps: ProfileDeps, ctx: RequestContext): Promise<ProfileDoc> {
  const loaded = await loadOrCreateProfile(deps, ctx);
  const profile = (await bootstrapAdmin(deps, ctx, loaded)) ?? loaded;
  const { via, role, issuedAt } = ctx.principal;
  const roleSetAt = profile.roleSetAt ?? null;
  if (via !== "id-token" || profile.role === role || issuedAt === null || (roleSetAt && issuedAt <= roleSetAt)) return profile;
  const now = deps.clock.now();
  await deps.store.update(profilePath(ctx.principal.uid), { role, roleSetAt: now, updatedAt: now });
  await recordSystemRoleChange(deps, ctx, profile.role, ctx.principal.role, "token-claim");
  return { ...profile, role: ctx.principal.role };
}

function recordSystemRoleChange(deps: ProfileDeps, ctx: RequestContext, from: Role, to: Role, source: string) {
  return deps.audit.record({
    actor: { uid: null, role: "system", via: "system" },
    action: "role.changed",
    target: { type: "user", id: ctx.principal.uid },
    outcome: "success",
    requestId: ctx.requestId,
    meta: { from, to, source },
  });
}

/**
 * BEZ_BOOTSTRAP_ADMINS: the claim is set now; the user's next ID token carries it (the web app refreshes its token).
 * Checked on every request, not only the first, so an address confirmed after the account was created still counts;
 * only while no role was ever set on the profile, so an admin's later demotion of a bootstrap admin stands.
 * Returns the updated profile, or null when nothing changed.
 */
async function bootstrapAdmin(deps: ProfileDeps, ctx: RequestContext, profile: ProfileDoc): Promise<ProfileDoc | null> {
  const { email, emailVerified, uid, via, role } = ctx.principal;
  if (via !== "id-token" || role !== "user" || !email || !emailVerified || !deps.roles.bootstrapAdmins.includes(email.toLowerCase())) return null;
  if ((profile.roleSetAt ?? null) !== null || profile.role !== "user") return null;
  // The claim first: setting it twice is harmless, while a profile marked admin without it would never be retried.
  await deps.roles.identity.setRole(uid, "admin");
  const now = deps.clock.now();
  const won = await deps.store.runTransaction(async (tx) => {
    const current = (await tx.get(profilePath(uid)))?.data as ProfileDoc | undefined;
    if (!current || (current.roleSetAt ?? null) !== null || current.role !== "user") return false;
    tx.update(profilePath(uid), { role: "admin", roleSetAt: now, updatedAt: now });
    return true;
  });
  if (!won) return null;
  await recordSystemRoleChange(deps, ctx, "user", "admin", "bootstrap");
  return { ...profile, role: "admin", roleSetAt: now, updatedAt: now };
}

async function loadOrCreateProfile(deps: ProfileDeps, ctx: RequestContext): Promise<ProfileDoc> {
  const path = profilePath(ctx.principal.uid);
  // Almost every call finds the profile: one plain read, where a transaction costs Firestore three round trips.
  const found = await deps.store.get(path);
  if (found) return found.data as ProfileDoc;
  const { profile, created } = await deps.store.runTransaction(async (tx) => {
    const existing = await tx.get(path);
    if (existing) return { profile: existing.data as ProfileDoc, created: false };
    // A request that got past authentication just before an erasure began must not bring the profile back.
    await refuseIfErasing(tx, ctx.principal.uid);
    const fresh = newProfile(ctx, deps.clock.now());
    tx.create(path, fresh);
    return { profile: fresh, created: true };
  });
  if (created) {
    await deps.audit.record({
      actor: { uid: ctx.principal.uid, role: ctx.principal.role, via: ctx.principal.via },
      action: "account.created",
      target: { type: "user", id: ctx.principal.uid },
      outcome: "success",
      requestId: ctx.requestId,
    });
  }
  return profile;
}

export async function getMe(deps: ProfileDeps, ctx: RequestContext): Promise<Me> {
  const profile = await ensureProfile(deps, ctx);
  return toMe(deps, ctx, profile);
}

export async function updateMe(deps: ProfileDeps, ctx: RequestContext, patch: PatchMeRequest): Promise<Me> {
  await ensureProfile(deps, ctx);
  const changes: DocPatch = {};
  if (patch.displayName !== undefined) changes.displayName = patch.displayName;
  if (patch.settings?.analytics !== undefined) changes["settings.analytics"] = patch.settings.analytics;
  if (Object.keys(changes).length > 0) {
    changes.updatedAt = deps.clock.now();
    await deps.store.update(profilePath(ctx.principal.uid), changes);
    await deps.audit.record({
      actor: { uid: ctx.principal.uid, role: ctx.principal.role, via: ctx.principal.via },
      action: "account.updated",
      target: { type: "user", id: ctx.principal.uid },
      outcome: "success",
      requestId: ctx.requestId,
      // Which fields changed, never their values.
      meta: { fields: Object.keys(changes).filter((k) => k !== "updatedAt").join(",") },
    });
  }
  return getMe(deps, ctx);
}

export async function recordConsent(deps: ProfileDeps, ctx: RequestContext, consent: ConsentRequest): Promise<Me> {
  await ensureProfile(deps, ctx);
  const now = deps.clock.now();
  await deps.store.update(profilePath(ctx.principal.uid), {
    ageConfirmedAt: now,
    policyVersion: consent.policyVersion,
    policyAcceptedAt: now,
    updatedAt: now,
  });
  return getMe(deps, ctx);
}

async function toMe(deps: ProfileDeps, ctx: RequestContext, p: ProfileDoc): Promise<Me> {
  if (p.status === "deleting") throw new DomainError("not-found", "This account is being deleted.");
  return {
    uid: ctx.principal.uid,
    email: p.email ?? ctx.principal.email,
    displayName: p.displayName,
    // The token's role claim is the authority; the stored role mirrors it for staff look-ups.
    role: roleOrUser.parse(ctx.principal.role ?? p.role),
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    settings: p.settings,
    usage: {
      generationsToday: await failClosed(() => deps.limiter.used(limiterKeys.dailyImages(userSubject(ctx.principal.uid)))),
      dailyQuota: deps.dailyQuota,
    },
    ageConfirmed: p.ageConfirmedAt !== null,
    policy:
      p.policyVersion && p.policyAcceptedAt
        ? { version: p.policyVersion, acceptedAt: p.policyAcceptedAt.toISOString() }
        : null,
  };
}
