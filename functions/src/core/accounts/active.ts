/**
 * The account gate for work that adds something (a generation, an image): restricted accounts may read but not add
 * (Art. 18 restriction), and an account being deleted is gone for its user. One rule, one place.
 */
import type { DocumentStore } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import type { RequestContext } from "../principal.ts";
import { type ProfileDeps, type ProfileDoc, ensureProfile, profilePath } from "./profile.ts";

/** What is refused, for the message: "new generations cannot start" / "new images cannot be added". */
export type GatedWork = "generations" | "images";

const refusals: Record<GatedWork, string> = {
  generations: "Processing is restricted on this account: new generations cannot start.",
  images: "Processing is restricted on this account: new images cannot be added.",
};

/** Throws processing-restricted or not-found unless an account with this status may add `work`. */
export function assertActiveAccount(status: string | null, work: GatedWork): void {
  if (status === "restricted") throw new DomainError("processing-restricted", refusals[work]);
  if (status === "deleting") throw new DomainError("not-found", "This account is being deleted.");
}

/** Loads the caller's profile (creating it on first use, as every signed-in call may) and applies the gate. */
export async function requireActiveProfile(deps: ProfileDeps, ctx: RequestContext, work: GatedWork): Promise<ProfileDoc> {
  const profile = await ensureProfile(deps, ctx);
  assertActiveAccount(profile.status, work);
  return profile;
}

/** The gate for a user known only by uid (no profile is created): a missing profile is not refused. */
export async function requireActiveAccount(store: DocumentStore, uid: string, work: GatedWork): Promise<void> {
  const profile = await store.get(profilePath(uid));
  assertActiveAccount(profile ? String(profile.data.status) : null, work);
}
