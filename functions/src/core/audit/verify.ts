/**
 * Recomputes the audit record against its signed digests and names the first point where they part: an event id
 * (edited, inserted, deleted or moved) or `digest:<n>` (a digest edited, removed, moved or unchained), or the `head`
 * / `anchor` markers. Events newer than the last digest are counted as pending: the next seal covers them.
 *
 * Two checks catch a chain that was reset (head and digests removed, or the store restored to an older state): the
 * store's head must agree with the head witness kept outside the store, and no event may wait unsealed longer than
 * twice the digest interval (plus the settle time) — sealing runs every interval, so an older one means the digests
 * that covered it are gone, or sealing has stopped.
 */
import type { AuditVerification } from "@bez/contracts";
import type { Clock, DocumentStore } from "../../ports.ts";
import { auditEventFromDoc } from "./audit-writer.ts";
import {
  type EventMark,
  anchorPath,
  digestCollection,
  digestHash,
  digestPath,
  headPath,
  readDigest,
  readMarker,
} from "./digest-records.ts";
import { auditEventHash } from "./event-hash.ts";
import { auditEventsBetween, markOf } from "./event-scan.ts";
import type { HeadWitness } from "./head-witness.ts";

export interface AuditVerifyDeps {
  store: DocumentStore;
  clock: Clock;
  auditKey: Uint8Array;
  witness: HeadWitness;
  /** How long an event may stay unsealed: twice the digest interval plus the settle time. */
  sealedWithinMs: number;
}

interface ChainPoint {
  n: number;
  hash: string | null;
  last: EventMark | null;
}

class Broken extends Error {
  constructor(
    readonly at: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export async function verifyAuditLog(deps: AuditVerifyDeps, range: { from?: Date; to?: Date } = {}): Promise<AuditVerification> {
  const tally = { checked: 0, digests: 0, pending: 0 };
  const verdict = (broken: Broken | null): AuditVerification => ({
    ok: broken === null,
    checked: tally.checked,
    firstBrokenAt: broken?.at ?? null,
    reason: broken?.reason ?? null,
    digests: tally.digests,
    pending: tally.pending,
    verifiedAt: deps.clock.now().toISOString(),
  });
  try {
    const head = await walk(deps, range, tally);
    await compareWithWitness(deps, head);
    await findOverdueEvent(deps, head);
    return verdict(null);
  } catch (error) {
    if (error instanceof Broken) return verdict(error);
    throw error;
  }
}

/** Walks the chain; returns the point the whole record ends at (the head, or the retention anchor when nothing followed). */
async function walk(deps: AuditVerifyDeps, range: { from?: Date; to?: Date }, tally: { checked: number; digests: number; pending: number }): Promise<ChainPoint> {
  const { store, auditKey } = deps;
  const [headSnap, anchorSnap] = await store.getAll([headPath, anchorPath]);
  const head = headSnap ? readMarker(auditKey, "head", headSnap) : null;
  const anchor = anchorSnap ? readMarker(auditKey, "anchor", anchorSnap) : null;
  if (anchorSnap && !anchor) throw new Broken("anchor", "The retention anchor was altered: its signature does not match.");
  if (headSnap && !head) throw new Broken("head", "The head marker was altered: its signature does not match.");
  const base: ChainPoint = anchor ? { n: anchor.n, hash: anchor.digestHash, last: { at: anchor.lastAt, id: anchor.lastId } } : { n: 0, hash: null, last: null };

  if (!head) {
    const stray = await store.query({ collection: digestCollection, where: [{ field: "n", op: ">", value: base.n }], limit: 1 });
    const first = stray.docs[0];
    if (first) throw new Broken("head", `The head marker is missing while digest ${String(first.data.n)} exists: it was deleted.`);
  }
  if (base.last) {
    for await (const doc of auditEventsBetween(store, null, base.last)) {
      throw new Broken(doc.id, `Event ${doc.id} predates the retained record (it was inserted, or a purge was interrupted).`);
    }
  }

  let prev = base;
  if (range.from) {
    // Start at the first digest reaching into the range, chained to the digest before it.
    const firstInRange = await store.query({
      collection: digestCollection,
      where: [{ field: "lastAt", op: ">=", value: range.from }],
      orderBy: { field: "lastAt", direction: "asc" },
      limit: 1,
    });
    const k = firstInRange.docs[0]?.data.n;
    if (typeof k === "number" && k - 1 > base.n) prev = await chainPointOf(deps, k - 1);
  }

  const end: ChainPoint = head ? { n: head.n, hash: head.digestHash, last: { at: head.lastAt, id: head.lastId } } : base;
  const lastN = end.n;
  for (let n = prev.n + 1; n <= lastN; n++) {
    const snap = await store.get(digestPath(n));
    if (!snap) throw new Broken(`digest:${n}`, `Digest ${n} is missing: it was deleted.`);
    const digest = readDigest(auditKey, snap);
    if (!digest) throw new Broken(`digest:${n}`, `Digest ${n} was altered: its signature does not match its content.`);
    if (digest.n !== n) throw new Broken(`digest:${n}`, `Digest ${n} holds the record of digest ${digest.n}: digests were moved.`);
    if (digest.previousDigestHash !== prev.hash) throw new Broken(`digest:${n}`, `Digest ${n} does not follow digest ${n - 1}: the chain is broken.`);
    if (range.to && digest.firstAt > range.to) return end;

    let i = 0;
    const expected = new Set(digest.eventIds);
    for await (const doc of auditEventsBetween(store, prev.last, { at: digest.lastAt, id: digest.lastId })) {
      const want = digest.eventIds[i];
      if (want === undefined || (doc.id !== want && !expected.has(doc.id))) {
        throw new Broken(doc.id, `Event ${doc.id} is not in digest ${n}: it was inserted into the sealed record.`);
      }
      if (doc.id !== want) throw new Broken(want, `Event ${want} is missing from its place in digest ${n}: it was deleted or moved.`);
      if (auditEventHash(auditKey, auditEventFromDoc(doc)) !== digest.eventHashes[i]) {
        throw new Broken(doc.id, `Event ${doc.id} was altered after it was sealed in digest ${n}.`);
      }
      i += 1;
    }
    const missing = digest.eventIds[i];
    if (missing !== undefined) throw new Broken(missing, `Event ${missing} is missing from digest ${n}: it was deleted or moved.`);
    tally.checked += digest.count;
    tally.digests += 1;
    prev = { n, hash: digestHash(digest), last: { at: digest.lastAt, id: digest.lastId } };
  }
  if (head && prev.hash !== head.digestHash) throw new Broken("head", "The head marker does not match the last digest.");
  if (!range.to) {
    for await (const _ of auditEventsBetween(store, prev.last, null)) tally.pending += 1;
  }
  return end;
}

/**
 * The witness may trail the store by one digest (a seal between its commit and its record, or a crash the next seal
 * repairs), never lead it, and the digests it recorded must be the store's.
 */
async function compareWithWitness(deps: AuditVerifyDeps, end: ChainPoint): Promise<void> {
  const records = await deps.witness.since(Math.max(end.n - 1, 0));
  const newest = records.at(-1);
  if (newest && newest.n > end.n) {
    throw new Broken("head", `The store's audit chain ends at digest ${end.n}, but the head witness recorded digest ${newest.n}: the chain was reset or rolled back.`);
  }
  if (end.n === 0) return;
  const atEnd = records.find((r) => r.n === end.n);
  if (atEnd) {
    if (atEnd.digestHash !== end.hash) throw new Broken("head", `Digest ${end.n} is not the one the head witness recorded: the chain was rewritten.`);
    return;
  }
  const before = records.find((r) => r.n === end.n - 1);
  if (before) {
    const previous = await chainPointOf(deps, end.n - 1);
    if (before.digestHash !== previous.hash) throw new Broken(`digest:${end.n - 1}`, `Digest ${end.n - 1} is not the one the head witness recorded: the chain was rewritten.`);
    return;
  }
  // The first digest may still be on its way to the witness; anything later must be on record.
  if (end.n > 1) throw new Broken("head", `The head witness has no record of digest ${end.n} or ${end.n - 1}: the chain was rewritten or the witness was cleared.`);
}

async function findOverdueEvent(deps: AuditVerifyDeps, end: ChainPoint): Promise<void> {
  const overdue = deps.clock.now().getTime() - deps.sealedWithinMs;
  for await (const doc of auditEventsBetween(deps.store, end.last, null)) {
    const mark = markOf(doc);
    if (mark && mark.at.getTime() < overdue) {
      throw new Broken(doc.id, `Event ${doc.id} (${mark.at.toISOString()}) is older than twice the digest interval and no digest covers it: the head or digests were removed, or sealing has stopped.`);
    }
    return;
  }
}

async function chainPointOf(deps: AuditVerifyDeps, n: number): Promise<ChainPoint> {
  const snap = await deps.store.get(digestPath(n));
  if (!snap) throw new Broken(`digest:${n}`, `Digest ${n} is missing: it was deleted.`);
  const digest = readDigest(deps.auditKey, snap);
  if (!digest || digest.n !== n) throw new Broken(`digest:${n}`, `Digest ${n} was altered: its signature does not match its content.`);
  return { n, hash: digestHash(digest), last: { at: digest.lastAt, id: digest.lastId } };
}
