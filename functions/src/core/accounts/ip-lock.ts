/**
 * Account IP locks: while enabled, every authenticated request (and every signed image link) of the account must
 * come from one of its addresses or ranges. The lock lives in the profile (`settings.ipLock`); each process keeps
 * it for at most a few seconds per uid, and forgets it at once when this process changes it.
 */
import type { IpLockRequest, UserSettings } from "@bez/contracts";
import type { AuditLog, Clock, DocumentStore } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import { IpRanges, normalizeCidr } from "../net/cidr.ts";
import type { RequestContext } from "../principal.ts";
import { type ProfileDeps, type ProfileDoc, ensureProfile, profilePath } from "./profile.ts";
import { requireRecentLogin } from "./recent-login.ts";

export interface IpLocks {
  /** The account's lock when enabled, else null. */
  rangesOf(uid: string): Promise<IpRanges | null>;
  invalidate(uid: string): void;
}

export interface IpLockCacheOptions {
  ttlMs: number;
  maxEntries: number;
}

const defaultCache: IpLockCacheOptions = { ttlMs: 5000, maxEntries: 10_000 };

export function createIpLocks(deps: { store: DocumentStore; clock: Clock }, options: IpLockCacheOptions = defaultCache): IpLocks {
  const cache = new Map<string, { ranges: IpRanges | null; expiresAt: number }>();
  return {
    async rangesOf(uid) {
      const now = deps.clock.now().getTime();
      const hit = cache.get(uid);
      if (hit && hit.expiresAt > now) return hit.ranges;
      const profile = (await deps.store.get(profilePath(uid)))?.data as ProfileDoc | undefined;
      const lock = profile?.settings?.ipLock;
      const ranges = lock?.enabled ? new IpRanges(lock.cidrs) : null;
      cache.delete(uid);
      cache.set(uid, { ranges, expiresAt: now + options.ttlMs });
      // Insertion order makes the first key the oldest; expired or not, it goes first.
      while (cache.size > options.maxEntries) {
        const oldest = cache.keys().next().value;
        if (oldest === undefined) break;
        cache.delete(oldest);
      }
      return ranges;
    },
    invalidate(uid) {
      cache.delete(uid);
    },
  };
}

/** Validates and canonicalizes the list: every entry must parse; duplicates collapse. */
function normalizeList(cidrs: readonly string[]): string[] {
  const errors: { path: string; message: string }[] = [];
  const normalized: string[] = [];
  cidrs.forEach((entry, index) => {
    const canonical = normalizeCidr(entry);
    if (canonical === null) errors.push({ path: `cidrs.${index}`, message: "Not an IPv4 or IPv6 address or CIDR range" });
    else if (!normalized.includes(canonical)) normalized.push(canonical);
  });
  if (errors.length > 0) throw new DomainError("invalid-request", "Some addresses or ranges are not valid.", errors);
  return normalized;
}

/** `PUT /v1/me/ip-lock`. Enabling a lock that leaves out the caller's own address is refused, so nobody locks themselves out. */
export async function setIpLock(
  deps: ProfileDeps & { ipLocks: IpLocks },
  ctx: RequestContext,
  callerIp: string,
  request: IpLockRequest,
): Promise<UserSettings> {
  requireRecentLogin(ctx.principal, deps.clock.now(), "Changing the IP lock needs a fresh sign-in: confirm your password, then try again.");
  const cidrs = normalizeList(request.cidrs);
  if (request.enabled && !new IpRanges(cidrs).has(callerIp)) {
    throw new DomainError(
      "ip-lock-would-lock-you-out",
      "The address you are connecting from is not in the list, so turning the lock on would lock you out. Add it first.",
    );
  }
  const profile = await ensureProfile(deps, ctx);
  if (profile.status === "deleting") throw new DomainError("not-found", "This account is being deleted.");
  const ipLock = { enabled: request.enabled, cidrs };
  await deps.store.update(profilePath(ctx.principal.uid), { "settings.ipLock": ipLock, updatedAt: deps.clock.now() });
  deps.ipLocks.invalidate(ctx.principal.uid);
  await deps.audit.record({
    actor: { uid: ctx.principal.uid, role: ctx.principal.role, via: ctx.principal.via },
    action: "account.ip_lock_changed",
    target: { type: "user", id: ctx.principal.uid },
    outcome: "success",
    requestId: ctx.requestId,
    // Whether and how many, never the ranges themselves.
    meta: { enabled: ipLock.enabled, count: cidrs.length },
  });
  return { ...profile.settings, ipLock };
}

export interface IpLockCheckDeps {
  ipLocks: IpLocks;
  audit: AuditLog;
  clock: Clock;
}

/** Who is asking: a signed-in principal, or the owner recovered from a signed image link. */
export type LockSubject =
  | { kind: "principal"; ctx: RequestContext }
  | { kind: "signed-link"; uid: string; requestId: string };

/** How often one (account, address) pair's denials are audited: a locked-out client retrying must not flood the log. */
const denialAuditIntervalMs = 60_000;
const maxDenialEntries = 10_000;

export interface IpLockGuard {
  /** Throws 403 ip-locked when the account is locked and `ip` is outside its ranges. */
  check(subject: LockSubject, ip: string): Promise<void>;
}

export function createIpLockGuard(deps: IpLockCheckDeps): IpLockGuard {
  const lastAudited = new Map<string, number>();

  async function auditDenial(subject: LockSubject, uid: string, ip: string): Promise<void> {
    const now = deps.clock.now().getTime();
    const key = `${uid}\n${ip}`;
    const last = lastAudited.get(key);
    if (last !== undefined && now - last < denialAuditIntervalMs) return;
    lastAudited.delete(key);
    lastAudited.set(key, now);
    while (lastAudited.size > maxDenialEntries) {
      const oldest = lastAudited.keys().next().value;
      if (oldest === undefined) break;
      lastAudited.delete(oldest);
    }
    const principal = subject.kind === "principal" ? subject.ctx.principal : null;
    await deps.audit.record({
      actor: principal ? { uid: principal.uid, role: principal.role, via: principal.via } : { uid: null, role: "anonymous", via: "system" },
      action: "auth.ip_lock_denied",
      target: { type: "user", id: uid },
      outcome: "denied",
      requestId: subject.kind === "principal" ? subject.ctx.requestId : subject.requestId,
      // The one kind of non-staff event that keeps an address: the owner needs to see where the attempt came from.
      ip,
      meta: { via: subject.kind },
    });
  }

  return {
    async check(subject, ip) {
      const uid = subject.kind === "principal" ? subject.ctx.principal.uid : subject.uid;
      const ranges = await deps.ipLocks.rangesOf(uid);
      if (!ranges || ranges.has(ip)) return;
      await auditDenial(subject, uid, ip);
      throw new DomainError("ip-locked", "This account only accepts requests from the networks its owner allowed.");
    },
  };
}
