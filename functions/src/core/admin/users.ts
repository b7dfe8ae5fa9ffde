/** Staff user administration: look-up by email (no images, no prompts) and role changes. */
import type { AdminUser, Role, RoleChange } from "@bez/contracts";
import type { AuditLog, Clock, DocumentStore, Identity } from "../../ports.ts";
import type { ProfileDoc } from "../accounts/profile.ts";
import { profilePath } from "../accounts/profile.ts";
import { DomainError } from "../errors.ts";
import type { StaffContext } from "../principal.ts";
import { recordStaffAction } from "../audit/staff-action.ts";

export interface UserAdminDeps {
  store: DocumentStore;
  identity: Identity;
  audit: AuditLog;
  clock: Clock;
}

async function countDocs(store: DocumentStore, collection: string, where: { field: string; value: string } | null = null): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await store.query({
      collection,
      where: where ? [{ field: where.field, op: "==", value: where.value }] : [],
      limit: 500,
      startAfter: cursor,
    });
    count += page.docs.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return count;
}

export async function findUserByEmail(deps: UserAdminDeps, ctx: StaffContext, email: string): Promise<AdminUser> {
  const normalized = email.trim().toLowerCase();
  const found = await deps.store.query({ collection: "users", where: [{ field: "email", op: "==", value: normalized }], limit: 1 });
  const doc = found.docs[0];
  await recordStaffAction(deps.audit, ctx, {
    action: "admin.user_viewed",
    target: { type: "user", id: doc?.id ?? "unknown" },
    outcome: doc ? "success" : "error",
    ...(doc ? {} : { meta: { found: false } }),
  });
  if (!doc) throw new DomainError("not-found", "No Bez account uses that email address.");
  const profile = doc.data as ProfileDoc;
  const uid = doc.id;
  const [images, generations, tokens, notices] = await Promise.all([
    countDocs(deps.store, `users/${uid}/images`),
    countDocs(deps.store, `users/${uid}/generations`),
    countDocs(deps.store, "tokens", { field: "uid", value: uid }),
    countDocs(deps.store, `users/${uid}/notices`),
  ]);
  return {
    uid,
    email: profile.email,
    role: profile.role,
    status: profile.status,
    createdAt: profile.createdAt.toISOString(),
    counts: { images, generations, tokens, notices },
  };
}

/**
 * Sets the role claim, revokes the user's sessions so the change applies at once (their next token carries it), and
 * mirrors it on the profile for look-ups. An admin cannot change their own role: no one locks themselves out by a slip.
 */
export async function changeRole(deps: UserAdminDeps, ctx: StaffContext, uid: string, role: Role): Promise<RoleChange> {
  const record = (outcome: "success" | "denied", meta: Record<string, string>) =>
    recordStaffAction(deps.audit, ctx, { action: "role.changed", target: { type: "user", id: uid }, outcome, meta });
  if (uid === ctx.principal.uid) {
    await record("denied", { to: role, reason: "own-role" });
    throw new DomainError("conflict", "You cannot change your own role. Ask another admin.");
  }
  const snap = await deps.store.get(profilePath(uid));
  const profile = snap?.data as ProfileDoc | undefined;
  if (!profile || profile.status === "deleting") throw new DomainError("not-found", "There is no such account.");
  await deps.identity.setRole(uid, role);
  await deps.identity.revokeSessions(uid);
  const now = deps.clock.now();
  await deps.store.update(profilePath(uid), { role, roleSetAt: now, updatedAt: now });
  await record("success", { from: profile.role, to: role });
  return { uid, role, previousRole: profile.role, sessionsRevoked: true };
}
