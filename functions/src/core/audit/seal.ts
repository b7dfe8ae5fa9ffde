/**
 * Seals audit events into signed digests (run on an interval: local.ts, and a schedule in index.ts). Only events older
 * than `settleMs` are sealed, so an event whose write is still in flight — or stamped by an instance whose clock runs a
 * little behind — is not skipped over. Any number of sealers may run: the head marker is checked and moved in one
 * transaction, and a sealer that loses the race starts over from the new head. Each new head is then recorded with the
 * head witness outside the store; a record a crash left out is made on the next run.
 */
import type { Clock, DocumentStore, Logger } from "../../ports.ts";
import { auditEventFromDoc } from "./audit-writer.ts";
import {
  type DigestDoc,
  type MarkerDoc,
  anchorPath,
  asDocData,
  digestHash,
  digestPath,
  headPath,
  markerFor,
  readMarker,
  signDigest,
} from "./digest-records.ts";
import { auditEventHash } from "./event-hash.ts";
import type { HeadWitness } from "./head-witness.ts";
import { auditEventsBetween, markOf } from "./event-scan.ts";

export interface AuditSealDeps {
  store: DocumentStore;
  clock: Clock;
  logger: Logger;
  auditKey: Uint8Array;
  witness: HeadWitness;
}

export interface SealReport {
  digests: number;
  events: number;
}

/** At most this many events per digest keeps each one far below Firestore's 1 MiB document limit. */
export const maxEventsPerDigest = 1000;

export async function sealAuditDigests(deps: AuditSealDeps, options: { settleMs: number }): Promise<SealReport> {
  const { store, auditKey } = deps;
  const report: SealReport = { digests: 0, events: 0 };
  for (let round = 0; round < 10_000; round++) {
    const [headSnap, anchorSnap] = await store.getAll([headPath, anchorPath]);
    const head = headSnap ? readMarker(auditKey, "head", headSnap) : null;
    const anchor = anchorSnap ? readMarker(auditKey, "anchor", anchorSnap) : null;
    if ((headSnap && !head) || (anchorSnap && !anchor)) {
      // Sealing on top of an altered marker would bless the alteration; verification reports it instead.
      deps.logger.error("audit sealing stopped: the head or anchor marker fails its signature check");
      return report;
    }
    const start = head ?? anchor;
    if (round === 0 && !(await witnessAgrees(deps.witness, start))) {
      // The witness knows a later or different head: the store's chain was reset or rewound. Sealing now would start a
      // fresh chain over the gap; verification reports it instead.
      deps.logger.error("audit sealing stopped: the store's audit head is behind or unlike the head witness's record");
      return report;
    }
    const cutoff = new Date(deps.clock.now().getTime() - options.settleMs);
    const ids: string[] = [];
    const hashes: string[] = [];
    let first: { at: Date; id: string } | null = null;
    let last: { at: Date; id: string } | null = null;
    for await (const doc of auditEventsBetween(store, start && { at: start.lastAt, id: start.lastId }, { at: cutoff, id: "\uffff" })) {
      const mark = markOf(doc);
      if (!mark) continue;
      first ??= mark;
      last = mark;
      ids.push(doc.id);
      hashes.push(auditEventHash(auditKey, auditEventFromDoc(doc)));
      if (ids.length === maxEventsPerDigest) break;
    }
    if (!first || !last) return report;
    const n = (start?.n ?? 0) + 1;
    const digest: DigestDoc = signDigest(auditKey, {
      n,
      createdAt: deps.clock.now(),
      firstAt: first.at,
      firstId: first.id,
      lastAt: last.at,
      lastId: last.id,
      count: ids.length,
      eventIds: ids,
      eventHashes: hashes,
      previousDigestHash: start?.digestHash ?? null,
    });
    const sealed = await store.runTransaction(async (tx) => {
      const current = await tx.get(headPath);
      const currentN = current ? (current.data.n as number) : (anchor?.n ?? 0);
      if (currentN !== n - 1) return false;
      tx.create(digestPath(n), asDocData(digest));
      tx.set(headPath, asDocData(markerFor(auditKey, "head", digest)));
      return true;
    });
    if (sealed) {
      await deps.witness.record({ n, digestHash: digestHash(digest) });
      report.digests += 1;
      report.events += ids.length;
      if (ids.length < maxEventsPerDigest) return report;
    }
  }
  return report;
}

/** Records the current head if the witness lacks it (a crash after the last seal); false when the witness is ahead. */
async function witnessAgrees(witness: HeadWitness, start: MarkerDoc | null): Promise<boolean> {
  const n = start?.n ?? 0;
  const records = await witness.since(n);
  if (records.some((r) => r.n > n || (start !== null && r.n === n && r.digestHash !== start.digestHash))) return false;
  if (start && records.length === 0) await witness.record({ n: start.n, digestHash: start.digestHash });
  return true;
}
