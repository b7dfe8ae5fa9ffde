/**
 * Restriction of processing (the user's right to pause it): a restricted account keeps reading, exporting and
 * deleting, but adds no new images or generations (`requireActiveAccount`, accounts/active.ts).
 */
import type { Me } from "@bez/contracts";
import { DomainError } from "../errors.ts";
import type { RequestContext } from "../principal.ts";
import { type ProfileDeps, type ProfileDoc, ensureProfile, getMe, profilePath } from "./profile.ts";

export async function setRestriction(deps: ProfileDeps, ctx: RequestContext, restricted: boolean): Promise<Me> {
  await ensureProfile(deps, ctx);
  const path = profilePath(ctx.principal.uid);
  const wanted = restricted ? "restricted" : "active";
  const changed = await deps.store.runTransaction(async (tx) => {
    const profile = (await tx.get(path))?.data as ProfileDoc | undefined;
    if (!profile || profile.status === "deleting") throw new DomainError("not-found", "This account is being deleted.");
    if (profile.status === wanted) return false;
    tx.update(path, { status: wanted, updatedAt: deps.clock.now() });
    return true;
  });
  if (changed) {
    await deps.audit.record({
      actor: { uid: ctx.principal.uid, role: ctx.principal.role, via: ctx.principal.via },
      action: "account.restriction_changed",
      target: { type: "user", id: ctx.principal.uid },
      outcome: "success",
      requestId: ctx.requestId,
      meta: { restricted },
    });
  }
  return getMe(deps, ctx);
}
