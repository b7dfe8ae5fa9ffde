/**
 * Personal access tokens for the SDK and CLI: `bez_pat_<id>_<secret>`, shown once. Only the SHA-256 of the whole
 * token is stored, as the document id of `tokens/{sha256}`, so a lookup is one read by a value the caller cannot
 * steer (no secret comparison to time), and a leaked database holds nothing that authenticates.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  type AccessToken,
  type AccessTokenList,
  type CreateTokenRequest,
  type CreatedAccessToken,
  maxTokensPerUser,
  personalAccessTokenPattern,
} from "@bez/contracts";
import type { AuditLog, Clock, DocData, DocumentStore, Identity } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import type { Principal, RequestContext } from "../principal.ts";
import { type ProfileDoc, profilePath } from "./profile.ts";
import { requireRecentLogin } from "./recent-login.ts";

export interface TokenDoc extends DocData {
  uid: string;
  id: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
}

export interface TokenDeps {
  store: DocumentStore;
  audit: AuditLog;
  clock: Clock;
}

export const tokensCollection = "tokens";
export const tokenPath = (hash: string) => `${tokensCollection}/${hash}`;
const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** How stale `lastUsedAt` may get before a use rewrites it (one write per token per minute at most). */
const lastUsedResolutionMs = 60_000;
const DAY_MS = 86_400_000;

const invalidToken = (detail: string) =>
  new DomainError("unauthenticated", detail, undefined, { "WWW-Authenticate": 'Bearer realm="bez", error="invalid_token"' });

function toAccessToken(doc: TokenDoc): AccessToken {
  return {
    id: doc.id,
    name: doc.name,
    createdAt: doc.createdAt.toISOString(),
    expiresAt: doc.expiresAt.toISOString(),
    lastUsedAt: doc.lastUsedAt?.toISOString() ?? null,
  };
}

const userTokens = (uid: string, limit: number) => ({
  collection: tokensCollection,
  where: [{ field: "uid", op: "==" as const, value: uid }],
  orderBy: { field: "createdAt", direction: "desc" as const },
  limit,
});

export async function createToken(deps: TokenDeps, ctx: RequestContext, request: CreateTokenRequest): Promise<CreatedAccessToken> {
  const { uid } = ctx.principal;
  requireRecentLogin(ctx.principal, deps.clock.now(), "Creating an access token needs a fresh sign-in: confirm your password, then try again.");
  const id = randomBytes(12).toString("hex");
  const token = `bez_pat_${id}_${randomBytes(32).toString("base64url")}`;
  const now = deps.clock.now();
  const doc: TokenDoc = {
    uid,
    id,
    name: request.name,
    createdAt: now,
    expiresAt: new Date(now.getTime() + request.expiresInDays * DAY_MS),
    lastUsedAt: null,
  };
  await deps.store.runTransaction(async (tx) => {
    const existing = await tx.query(userTokens(uid, 100));
    // Expired tokens are cleared here rather than counted, so they never hold a slot.
    const live = existing.docs.filter((d) => (d.data as TokenDoc).expiresAt > now);
    if (live.length >= maxTokensPerUser) {
      throw new DomainError("token-limit-reached", `An account may hold at most ${maxTokensPerUser} access tokens. Revoke one first.`);
    }
    for (const expired of existing.docs) if ((expired.data as TokenDoc).expiresAt <= now) tx.delete(expired.path);
    tx.create(tokenPath(hashToken(token)), doc);
  });
  await deps.audit.record({
    actor: { uid, role: ctx.principal.role, via: ctx.principal.via },
    action: "token.created",
    target: { type: "token", id },
    outcome: "success",
    requestId: ctx.requestId,
    meta: { expiresInDays: request.expiresInDays },
  });
  return { ...toAccessToken(doc), token };
}

export async function listTokens(deps: Pick<TokenDeps, "store">, uid: string): Promise<AccessTokenList> {
  const page = await deps.store.query(userTokens(uid, 100));
  return { items: page.docs.map((d) => toAccessToken(d.data as TokenDoc)) };
}

/** Revokes (deletes) one of the caller's tokens; another user's or a missing one is not found. */
export async function revokeToken(deps: TokenDeps, ctx: RequestContext, id: string): Promise<void> {
  const { uid } = ctx.principal;
  const found = await deps.store.query({
    collection: tokensCollection,
    where: [
      { field: "uid", op: "==", value: uid },
      { field: "id", op: "==", value: id },
    ],
    limit: 1,
  });
  const doc = found.docs[0];
  if (!doc) throw new DomainError("not-found", "There is no such access token.");
  await deps.store.delete(doc.path);
  await deps.audit.record({
    actor: { uid, role: ctx.principal.role, via: ctx.principal.via },
    action: "token.revoked",
    target: { type: "token", id },
    outcome: "success",
    requestId: ctx.requestId,
  });
}

/**
 * The principal a personal access token stands for; expired, revoked or malformed: 401. So is a token whose account
 * can no longer sign in (Auth user disabled or gone) or is being erased: a PAT must not outlive its account's sessions.
 * A restricted account keeps its tokens, as restriction keeps reading open (API.md).
 */
export async function verifyToken(
  deps: Pick<TokenDeps, "store" | "clock"> & { identity: Pick<Identity, "isDisabled"> },
  token: string,
): Promise<Principal> {
  const match = personalAccessTokenPattern.exec(token);
  if (!match) throw invalidToken("This access token is not valid.");
  const path = tokenPath(hashToken(token));
  const doc = (await deps.store.get(path))?.data as TokenDoc | undefined;
  if (!doc || doc.id !== match[1]) throw invalidToken("This access token is not valid or was revoked.");
  const now = deps.clock.now();
  if (doc.expiresAt <= now) throw invalidToken("This access token has expired. Create a new one in settings.");
  const [profile, disabled] = await Promise.all([deps.store.get(profilePath(doc.uid)), deps.identity.isDisabled(doc.uid)]);
  if (disabled || (profile?.data as ProfileDoc | undefined)?.status === "deleting") {
    throw invalidToken("This access token's account is disabled or being deleted.");
  }
  if (!doc.lastUsedAt || now.getTime() - doc.lastUsedAt.getTime() >= lastUsedResolutionMs) {
    // Revoked between the read and this write: nothing to record.
    await deps.store.update(path, { lastUsedAt: now }).catch(() => undefined);
  }
  return { uid: doc.uid, email: null, role: "user", via: "pat", emailVerified: false, issuedAt: null, authTime: null };
}
