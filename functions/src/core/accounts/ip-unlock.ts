/**
 * Recovery from one's own IP lock, two ways: an emailed link (single use, 15 minutes, only the SHA-256 of its secret
 * stored, as `ipUnlocks/{sha256}`) that turns the lock off, and an admin clearing it. Both keep the list of ranges, so
 * the owner can turn the lock back on from a listed network; both are `account.ip_lock_changed` events.
 */
import { createHash, randomBytes } from "node:crypto";
import type { DocData, Mailer } from "../../ports.ts";
import { recordStaffAction } from "../audit/staff-action.ts";
import { DomainError } from "../errors.ts";
import type { RequestContext, StaffContext } from "../principal.ts";
import type { IpLocks } from "./ip-lock.ts";
import { type ProfileDeps, type ProfileDoc, ensureProfile, profilePath } from "./profile.ts";

export interface IpUnlockDeps extends ProfileDeps {
  ipLocks: IpLocks;
  mailer: Mailer;
  /** The web page the emailed link opens; the secret rides in the fragment, which browsers never send to a server. */
  unlockPageUrl: string;
}

interface UnlockDoc extends DocData {
  uid: string;
  createdAt: Date;
  expiresAt: Date;
}

export const ipUnlocksCollection = "ipUnlocks";
const linkTtlMs = 15 * 60_000;
const unlockSecretPattern = /^[A-Za-z0-9_-]{43}$/;
const hashSecret = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

const invalidLink = () => new DomainError("invalid-link", "This unlock link is not valid, was used already or has expired. Ask for a new one.");

/**
 * Emails the owner a link that turns their IP lock off. Reachable from outside the lock (that is its point), so it
 * sends only to the account's own address; a new link replaces any earlier one. No lock, no address: nothing is sent.
 */
export async function sendUnlockLink(deps: IpUnlockDeps, ctx: RequestContext): Promise<void> {
  const profile = await ensureProfile(deps, ctx);
  if (profile.status === "deleting") throw new DomainError("not-found", "This account is being deleted.");
  const email = profile.email ?? ctx.principal.email;
  if (!profile.settings.ipLock.enabled || !email) return;
  const uid = ctx.principal.uid;
  const secret = randomBytes(32).toString("base64url");
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + linkTtlMs);
  await deps.store.runTransaction(async (tx) => {
    const earlier = await tx.query({ collection: ipUnlocksCollection, where: [{ field: "uid", op: "==", value: uid }], limit: 20 });
    for (const doc of earlier.docs) tx.delete(doc.path);
    const doc: UnlockDoc = { uid, createdAt: now, expiresAt };
    tx.create(`${ipUnlocksCollection}/${hashSecret(secret)}`, doc);
  });
  await deps.mailer.send({
    to: email,
    subject: "[Bez] Turn off your IP lock",
    text:
      "Someone (we hope you) asked to turn off the IP lock on your Bez account, which only accepts requests from the networks you listed.\n\n" +
      `Open this link within 15 minutes to turn the lock off (it works once): ${deps.unlockPageUrl}#${secret}\n\n` +
      "If it was not you, ignore this email: nothing changes, and the link expires on its own.\n",
  });
}

/** Redeems an emailed link: the lock goes off (ranges kept), the link is spent. Unknown, used or expired: 403 invalid-link. */
export async function redeemUnlockLink(deps: Omit<IpUnlockDeps, "mailer" | "unlockPageUrl">, secret: string, requestId: string): Promise<void> {
  if (!unlockSecretPattern.test(secret)) throw invalidLink();
  const path = `${ipUnlocksCollection}/${hashSecret(secret)}`;
  const now = deps.clock.now();
  const unlocked = await deps.store.runTransaction(async (tx) => {
    const link = (await tx.get(path))?.data as UnlockDoc | undefined;
    if (!link) return null;
    // Reads before writes (Firestore's rule): the profile, then the link is spent whatever the outcome.
    const profile = (await tx.get(profilePath(link.uid)))?.data as ProfileDoc | undefined;
    tx.delete(path);
    if (link.expiresAt <= now || !profile || profile.status === "deleting") return null;
    tx.update(profilePath(link.uid), { "settings.ipLock.enabled": false, updatedAt: now });
    return { uid: link.uid, role: profile.role, count: profile.settings.ipLock.cidrs.length };
  });
  if (!unlocked) throw invalidLink();
  deps.ipLocks.invalidate(unlocked.uid);
  await deps.audit.record({
    // Whoever holds the link proved control of the owner's mailbox: recorded as the owner, acting outside a session.
    actor: { uid: unlocked.uid, role: unlocked.role, via: "system" },
    action: "account.ip_lock_changed",
    target: { type: "user", id: unlocked.uid },
    outcome: "success",
    requestId,
    meta: { enabled: false, count: unlocked.count, source: "unlock-link" },
  });
}

/** `POST /v1/admin/users/{uid}/ip-lock/clear`: an admin turns a user's lock off (ranges kept). No such user: 404. */
export async function clearIpLock(deps: Pick<IpUnlockDeps, "store" | "clock" | "audit" | "ipLocks">, ctx: StaffContext, uid: string): Promise<void> {
  const now = deps.clock.now();
  const count = await deps.store.runTransaction(async (tx) => {
    const profile = (await tx.get(profilePath(uid)))?.data as ProfileDoc | undefined;
    if (!profile || profile.status === "deleting") return null;
    tx.update(profilePath(uid), { "settings.ipLock.enabled": false, updatedAt: now });
    return profile.settings.ipLock.cidrs.length;
  });
  if (count === null) throw new DomainError("not-found", "There is no such user.");
  deps.ipLocks.invalidate(uid);
  await recordStaffAction(deps.audit, ctx, {
    action: "account.ip_lock_changed",
    target: { type: "user", id: uid },
    meta: { enabled: false, count, source: "admin" },
  });
}
