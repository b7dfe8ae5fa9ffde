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
import type { AuditLog, Clock, DocData, DocPatch, DocumentStore, RateLimiter } from "../../ports.ts";
import { deletionJobsCollection } from "../deletion/records.ts";
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
}

export interface ProfileDeps {
  store: DocumentStore;
  audit: AuditLog;
  clock: Clock;
  limiter: RateLimiter;
  dailyQuota: number;
}

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
  };
}

/** Reads the caller's profile, creating it (and auditing `account.created`) on the first call. */
export async function ensureProfile(deps: ProfileDeps, ctx: RequestContext): Promise<ProfileDoc> {
  const path = profilePath(ctx.principal.uid);
  const { profile, created } = await deps.store.runTransaction(async (tx) => {
    const existing = await tx.get(path);
    if (existing) return { profile: existing.data as ProfileDoc, created: false };
    // A request that got past authentication just before an erasure began must not bring the profile back.
    const erasing = await tx.query({ collection: deletionJobsCollection, where: [{ field: "uid", op: "==", value: ctx.principal.uid }], limit: 1 });
    if (erasing.docs.length > 0) throw new DomainError("not-found", "This account is being deleted.");
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
    role: RoleSchema.catch("user").parse(ctx.principal.role ?? p.role),
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
