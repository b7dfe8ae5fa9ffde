/**
 * The steps of an erasure, in order. Each is safe to repeat (a crash can land anywhere in one, and the step is then
 * run again from its start), and each counts what it removes in the same batch that removes it, so the receipt's
 * numbers stay exact across crashes.
 *
 *  1 deactivate   the erasure entered in the ledger (ledger.ts); profile marked deleting; sessions revoked; Auth account
 *                 disabled; access tokens and IP-lock unlock links deleted
 *  2 shred-key    the data key deleted first (crypto-shredding: every ciphertext of the user is dead from here on)
 *  3 blobs        everything under u/{uid}/
 *  4 mail         mail the mailer still holds for the address (the local outbox of notices)
 *  5 documents    users/{uid} and everything under it (notices included); the user's predictions
 *  6 rate-limits  every Redis key of the subject u:{uid}
 *  7 audit        the uid (and any IP) in the user's audit events replaced by its keyed hash (events are kept,
 *                 and their digests still verify: they hash these fields as the same keyed hashes); likewise the
 *                 uid of a staff member in the notices they sent
 *  8 auth         the Auth account deleted
 *  9 grace        waits (handing the erasure to the sweeper) until the grace period after the first pass is over
 * 10 resweep      access tokens, data key, blobs, documents, rate limits and audit events once more: whatever a
 *                 request or an ingestion already in flight wrote after its step (the fence stops most, not a blob
 *                 put outside a transaction, nor a quota counter)
 * 11 seal         `account.deleted` recorded under the hash; the work record forgets the uid
 * 12 compact      the store made to forget deleted documents on disk too
 * 13 receipt      the receipt completed and signed; the work record deleted
 *
 * Compaction comes after the work record has forgotten the uid, and the receipt after compaction, so the last
 * on-disk trace of the uid goes with the compaction and nothing written after it names the user.
 */
import { type DocData, type DocumentStore, FieldOp } from "../../ports.ts";
import { auditCollection } from "../audit/audit-writer.ts";
import { auditPseudonym, isAuditPseudonym } from "../audit/pseudonym.ts";
import { profilePath } from "../accounts/profile.ts";
import { tokensCollection } from "../accounts/tokens.ts";
import { ipUnlocksCollection } from "../accounts/ip-unlock.ts";
import { generationsCollection, predictionsCollection } from "../generation/records.ts";
import { noticesCollection } from "../notices/notices.ts";
import { userSubject } from "../limits/policies.ts";
import { dataKeyPath } from "../vault/data-keys.ts";
import { imagesCollection } from "../vault/images.ts";
import type { DeletionDeps } from "./deps.ts";
import { recordErasure } from "./ledger.ts";
import { type DeletionDoc, type DeletionJobDoc, type RemovedCounts, deletionJobPath, deletionPath, signReceipt, toReceipt } from "./records.ts";

/** Firestore's batch limit is 500 writes; one slot stays free for the counter update that rides along. */
const BATCH = 499;
const BLOB_CHUNK = 200;

export interface StepContext {
  deps: DeletionDeps;
  deletionId: string;
  /** Null only for the steps after `seal`. */
  uid: string | null;
  /** Renews the lease when it has run a third of its time; long steps call it between batches. */
  heartbeat(): Promise<void>;
}

export interface Step {
  name: string;
  /** The last step records its own completion (and removes the work record) in the batch that completes the receipt. */
  final?: true;
  /** "wait": the erasure is not to go on yet; the step has already handed it back to the sweeper. */
  run(ctx: StepContext): Promise<void | "wait">;
}

const uidOf = (ctx: StepContext): string => {
  if (ctx.uid === null) throw new Error("this deletion step needs the uid, which the work record no longer has");
  return ctx.uid;
};

type Counter = keyof RemovedCounts;

/** Deletes `paths` and adds to the receipt's counters, atomically. */
async function deleteCounted(ctx: StepContext, paths: readonly string[], counters: Partial<Record<Counter, number>>): Promise<void> {
  if (paths.length === 0) return;
  const batch = ctx.deps.store.batch();
  for (const path of paths) batch.delete(path);
  const patch: Record<string, FieldOp | Date> = { updatedAt: ctx.deps.clock.now() };
  for (const [counter, by] of Object.entries(counters)) if (by) patch[`removed.${counter}`] = FieldOp.increment(by);
  batch.update(deletionPath(ctx.deletionId), patch);
  await batch.commit();
  await ctx.heartbeat();
}

/** Deletes every document a query matches, a batch at a time, re-querying from the start (deleted ones drop out). */
async function deleteMatching(ctx: StepContext, collection: string, field: string, value: string, counter: Counter): Promise<void> {
  for (;;) {
    const page = await ctx.deps.store.query({ collection, where: [{ field, op: "==", value }], limit: BATCH });
    await deleteCounted(ctx, page.docs.map((d) => d.path), { [counter]: page.docs.length, ...(counter === "documents" ? {} : { documents: page.docs.length }) });
    if (page.docs.length < BATCH) return;
  }
}

/** Deletes a collection and, depth first, every subcollection of its documents. */
async function deleteCollection(ctx: StepContext, collection: string, counter: Counter | null): Promise<void> {
  const { store } = ctx.deps;
  for (;;) {
    const page = await store.query({ collection, limit: BATCH });
    if (page.docs.length === 0) return;
    await deleteSubcollections(store, ctx, page.docs.map((d) => d.path));
    const counters: Partial<Record<Counter, number>> = { documents: page.docs.length };
    if (counter) counters[counter] = page.docs.length;
    await deleteCounted(ctx, page.docs.map((d) => d.path), counters);
  }
}

async function deleteSubcollections(store: DocumentStore, ctx: StepContext, documentPaths: readonly string[]): Promise<void> {
  const children = await Promise.all(documentPaths.map(async (path) => (await store.listCollections(path)).map((id) => `${path}/${id}`)));
  for (const collection of children.flat()) await deleteCollection(ctx, collection, null);
}

const countersFor = (uid: string): Record<string, Counter> => ({
  [imagesCollection(uid)]: "images",
  [generationsCollection(uid)]: "generations",
});

/** Access tokens and IP-lock unlock links: the credentials that live outside the user's own documents. */
async function deleteTokens(ctx: StepContext): Promise<void> {
  await deleteMatching(ctx, tokensCollection, "uid", uidOf(ctx), "tokens");
  await deleteMatching(ctx, ipUnlocksCollection, "uid", uidOf(ctx), "documents");
}

async function shredKey(ctx: StepContext): Promise<void> {
  const uid = uidOf(ctx);
  const { store, dataKeys } = ctx.deps;
  dataKeys.forget(uid);
  const key = await store.get(dataKeyPath(uid));
  await deleteCounted(ctx, key ? [key.path] : [], { documents: key ? 1 : 0 });
  dataKeys.forget(uid);
}

async function deleteBlobs(ctx: StepContext): Promise<void> {
  const keys = await ctx.deps.blobs.list(`u/${uidOf(ctx)}/`);
  for (let at = 0; at < keys.length; at += BLOB_CHUNK) {
    const deleted = await Promise.all(keys.slice(at, at + BLOB_CHUNK).map((key) => ctx.deps.blobs.delete(key)));
    const count = deleted.filter(Boolean).length;
    if (count > 0) {
      await ctx.deps.store.update(deletionPath(ctx.deletionId), { "removed.blobs": FieldOp.increment(count), updatedAt: ctx.deps.clock.now() });
    }
    await ctx.heartbeat();
  }
  // Whatever appeared meanwhile (or a store that lists lazily) goes too; uncounted, as it was never listed.
  await ctx.deps.blobs.deleteByPrefix(`u/${uidOf(ctx)}/`);
}

async function deleteDocuments(ctx: StepContext): Promise<void> {
  const uid = uidOf(ctx);
  const { store } = ctx.deps;
  const root = profilePath(uid);
  const counters = countersFor(uid);
  for (const id of await store.listCollections(root)) {
    const collection = `${root}/${id}`;
    await deleteCollection(ctx, collection, counters[collection] ?? null);
  }
  await deleteMatching(ctx, predictionsCollection, "uid", uid, "documents");
  // The profile last: while it exists, the account visibly reads as "deleting".
  const profile = await store.get(root);
  await deleteCounted(ctx, profile ? [root] : [], { documents: profile ? 1 : 0 });
}

async function forgetRateLimits(ctx: StepContext): Promise<void> {
  await ctx.deps.limiter.forget(userSubject(uidOf(ctx)));
}

async function pseudonymizeAudit(ctx: StepContext): Promise<void> {
  const uid = uidOf(ctx);
  const { store, auditKey } = ctx.deps;
  const pseudonym = auditPseudonym(auditKey, uid);
  for (const field of ["actor.uid", "target.id"]) {
    for (;;) {
      const page = await store.query({ collection: auditCollection, where: [{ field, op: "==", value: uid }], limit: BATCH });
      if (page.docs.length === 0) break;
      const batch = store.batch();
      for (const doc of page.docs) {
        const event = doc.data as DocData & { actor: { uid: string | null }; target: { id: string }; ip?: string };
        const patch: Record<string, string> = {};
        if (event.actor.uid === uid) patch["actor.uid"] = pseudonym;
        if (event.target.id === uid) patch["target.id"] = pseudonym;
        if (typeof event.ip === "string" && !isAuditPseudonym(event.ip)) patch.ip = auditPseudonym(auditKey, event.ip);
        batch.update(doc.path, patch);
      }
      batch.update(deletionPath(ctx.deletionId), {
        "removed.auditEventsPseudonymized": FieldOp.increment(page.docs.length),
        updatedAt: ctx.deps.clock.now(),
      });
      await batch.commit();
      await ctx.heartbeat();
    }
  }
  // A staff member's uid on the notices they sent: part of this step rather than a step of its own, so the step
  // numbers of erasures already under way hold.
  for (;;) {
    const page = await store.query({ collection: noticesCollection, where: [{ field: "sentBy", op: "==", value: uid }], limit: BATCH });
    if (page.docs.length === 0) break;
    const batch = store.batch();
    for (const doc of page.docs) batch.update(doc.path, { sentBy: pseudonym });
    await batch.commit();
    await ctx.heartbeat();
  }
}

export const steps: readonly Step[] = [
  {
    name: "deactivate",
    async run(ctx) {
      const uid = uidOf(ctx);
      const { store, identity } = ctx.deps;
      await recordErasure(ctx.deps, uid);
      await store.runTransaction(async (tx) => {
        const profile = await tx.get(profilePath(uid));
        if (profile && profile.data.status !== "deleting") tx.update(profilePath(uid), { status: "deleting", updatedAt: ctx.deps.clock.now() });
      });
      await identity.revokeSessions(uid);
      await identity.disable(uid);
      await deleteTokens(ctx);
    },
  },
  {
    name: "shred-key",
    run: shredKey,
  },
  {
    name: "blobs",
    run: deleteBlobs,
  },
  {
    name: "mail",
    async run(ctx) {
      const profile = await ctx.deps.store.get(profilePath(uidOf(ctx)));
      const email = profile?.data.email;
      if (typeof email === "string") await ctx.deps.mailer.forget(email);
    },
  },
  {
    name: "documents",
    run: deleteDocuments,
  },
  {
    name: "rate-limits",
    run: forgetRateLimits,
  },
  {
    name: "audit",
    run: pseudonymizeAudit,
  },
  {
    name: "auth",
    async run(ctx) {
      await ctx.deps.identity.delete(uidOf(ctx));
    },
  },
  {
    name: "grace",
    async run(ctx) {
      // Sealed by a version without this step: the uid is gone and with it anything to re-sweep.
      if (ctx.uid === null) return;
      const { store, clock, graceMs } = ctx.deps;
      const path = deletionJobPath(ctx.deletionId);
      const job = (await store.get(path))?.data as Partial<DeletionJobDoc> | undefined;
      if (!job) throw new Error("the deletion work record is missing");
      const now = clock.now();
      const resweepAt = job.resweepAt ?? new Date(now.getTime() + graceMs);
      if (resweepAt <= now) return;
      // The sweeper takes work records whose lease has lapsed: this one lapses when the re-sweep is due.
      await store.update(path, { resweepAt, leaseOwner: null, leaseUntil: resweepAt });
      return "wait";
    },
  },
  {
    name: "resweep",
    async run(ctx) {
      if (ctx.uid === null) return;
      for (const sweep of [deleteTokens, shredKey, deleteBlobs, deleteDocuments, forgetRateLimits, pseudonymizeAudit]) await sweep(ctx);
    },
  },
  {
    name: "seal",
    async run(ctx) {
      // Repeated after its last write: the uid is already forgotten, and the event already recorded.
      if (ctx.uid === null) return;
      const { store, audit, auditKey } = ctx.deps;
      const pseudonym = auditPseudonym(auditKey, uidOf(ctx));
      const recorded = await store.query({
        collection: auditCollection,
        where: [
          { field: "target.id", op: "==", value: pseudonym },
          { field: "action", op: "==", value: "account.deleted" },
        ],
        limit: 1,
      });
      if (recorded.docs.length === 0) {
        await audit.record({
          actor: { uid: null, role: "system", via: "system" },
          action: "account.deleted",
          target: { type: "user", id: pseudonym },
          outcome: "success",
          requestId: ctx.deletionId,
          meta: { deletionId: ctx.deletionId },
        });
      }
      await store.update(deletionJobPath(ctx.deletionId), { uid: null });
      ctx.uid = null;
    },
  },
  {
    name: "compact",
    async run(ctx) {
      await ctx.deps.compactStore();
    },
  },
  {
    name: "receipt",
    final: true,
    async run(ctx) {
      const { store, clock, auditKey } = ctx.deps;
      const path = deletionPath(ctx.deletionId);
      const doc = (await store.get(path))?.data as DeletionDoc | undefined;
      if (!doc) throw new Error("the deletion record is missing");
      const completedAt = clock.now();
      const signature = signReceipt(auditKey, toReceipt(ctx.deletionId, { ...doc, status: "complete", completedAt, signature: null }));
      const batch = store.batch();
      batch.update(path, { status: "complete", completedAt, signature, step: steps.length, updatedAt: completedAt });
      batch.delete(deletionJobPath(ctx.deletionId));
      await batch.commit();
    },
  },
];
