/**
 * The embedded DocumentStore: Firestore's semantics in memory, made durable by an append-only journal
 * (see journal.ts), for the local stack and tests. One process owns the directory.
 *
 * A commit validates and applies its writes to memory synchronously, so commits are atomic with respect to
 * each other and to transaction validation, then resolves once its journal record is fdatasync'd. Records
 * reach the disk in commit order, so anything a later commit could have read is durable before it is.
 */
import type {
  DocData,
  DocPatch,
  DocQuery,
  DocQueryResult,
  DocSnapshot,
  DocumentStore,
  Transaction,
  WriteBatch,
} from "../../ports.ts";
import { StoreError } from "../../ports.ts";
import type { DocRef } from "../doc-paths.ts";
import { parseDocPath } from "../doc-paths.ts";
import { DocTable, snapshotOf } from "./doc-table.ts";
import type { StoredDoc } from "./doc-table.ts";
import { MAX_DOCUMENT_BYTES, documentSize } from "./doc-size.ts";
import { IndexPlanner } from "../doc-index-planner.ts";
import type { JournalEntry } from "./journal.ts";
import { Journal, encodeEntry, recordLine } from "./journal.ts";
import { applyPatch } from "./patch.ts";
import type { PreparedQuery } from "./query-engine.ts";
import { prepareQuery, runQuery } from "./query-engine.ts";
import type { QueryRun, ReadSet, TransactionReader } from "./transaction.ts";
import { EmbeddedTransaction } from "./transaction.ts";
import type { Write } from "./writes.ts";
import { WriteCollector } from "./writes.ts";

export interface EmbeddedStoreOptions {
  /** The journal's directory; created if missing. */
  dir: string;
  /**
   * The parsed firestore.indexes.json (checked here); queries it has no index for are refused as Firestore
   * would refuse them.
   */
  indexes: unknown;
}

export interface EmbeddedDocumentStore extends DocumentStore {
  /** Atomically rewrites the journal to hold only live documents: nothing deleted or overwritten survives in it. */
  compact(): Promise<void>;
}

/** Firestore's limit on writes in one batch; applied to transactions too. */
const MAX_WRITES_PER_COMMIT = 500;
const MAX_TRANSACTION_ATTEMPTS = 25;
/** Backoff between transaction attempts: a random delay up to this, doubling per attempt, capped. */
const RETRY_BASE_MS = 2;
const RETRY_CAP_MS = 100;
/** Compact automatically once the journal is this many times the live data and at least this big. */
const COMPACT_RATIO = 4;
const COMPACT_MIN_BYTES = 1 << 20;

/** A transaction's reads went stale before it could commit; it is retried. */
class Conflict extends Error {}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedDocumentStore> {
  const planner = new IndexPlanner(options.indexes);
  const { journal, records } = await Journal.open(options.dir);
  const store = new EmbeddedStore(journal, planner);
  try {
    for (const record of records) store.replay(record);
  } catch (error) {
    await journal.close();
    throw error;
  }
  store.compactIfBloated();
  return store;
}

class EmbeddedStore implements EmbeddedDocumentStore, TransactionReader {
  private readonly table = new DocTable();
  private version = 0;
  private closed = false;
  private compaction: Promise<void> | null = null;

  constructor(
    private readonly journal: Journal,
    private readonly planner: IndexPlanner,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Reads

  async get(path: string): Promise<DocSnapshot | null> {
    this.assertOpen();
    const doc = this.read(parseDocPath(path));
    return doc ? snapshotOf(doc) : null;
  }

  async getAll(paths: string[]): Promise<(DocSnapshot | null)[]> {
    this.assertOpen();
    if (!Array.isArray(paths)) throw new StoreError("invalid-argument", "getAll needs an array of paths");
    return paths.map(parseDocPath).map((ref) => {
      const doc = this.read(ref);
      return doc ? snapshotOf(doc) : null;
    });
  }

  async query(query: DocQuery): Promise<DocQueryResult> {
    this.assertOpen();
    const run = this.run(this.prepare(query));
    return { docs: run.docs.map(snapshotOf), nextCursor: run.nextCursor };
  }

  async listCollections(documentPath?: string): Promise<string[]> {
    this.assertOpen();
    // Validates the path the way the other methods do; the root has no document path.
    const parent = documentPath === undefined ? null : parseDocPath(documentPath).path;
    return this.table.collectionIdsUnder(parent);
  }

  read(ref: DocRef): StoredDoc | undefined {
    return this.table.get(ref);
  }

  prepare(query: DocQuery): PreparedQuery {
    const prepared = prepareQuery(query);
    this.planner.check(prepared.shape);
    return prepared;
  }

  run(prepared: PreparedQuery): QueryRun {
    return runQuery(prepared, this.table.docsIn(prepared.collection));
  }

  // -------------------------------------------------------------------------------------------
  // Writes

  create(path: string, data: DocData): Promise<void> {
    return this.writeOne((writes) => writes.create(path, data));
  }

  set(path: string, data: DocData): Promise<void> {
    return this.writeOne((writes) => writes.set(path, data));
  }

  update(path: string, patch: DocPatch): Promise<void> {
    return this.writeOne((writes) => writes.update(path, patch));
  }

  delete(path: string): Promise<void> {
    return this.writeOne((writes) => writes.delete(path));
  }

  batch(): WriteBatch {
    let committed = false;
    const collector = new WriteCollector(() => {
      if (committed) throw new StoreError("invalid-argument", "the batch has already been committed");
    });
    return {
      create: (path, data) => collector.create(path, data),
      set: (path, data) => collector.set(path, data),
      update: (path, patch) => collector.update(path, patch),
      delete: (path) => collector.delete(path),
      commit: async () => {
        if (committed) throw new StoreError("invalid-argument", "the batch has already been committed");
        committed = true;
        await this.commit(collector.writes, null);
      },
    };
  }

  async runTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.assertOpen();
      const tx = new EmbeddedTransaction(this);
      let outcome: { value: T } | null = null;
      try {
        outcome = { value: await fn(tx) };
      } catch (error) {
        // A read that raced a commit can make fn fail on an inconsistent view; only then is it retried.
        if (tx.reads.stillValid(this) || attempt === MAX_TRANSACTION_ATTEMPTS) throw error;
      } finally {
        tx.finish();
      }
      if (outcome) {
        try {
          await this.commit(tx.writes, tx.reads);
          return outcome.value;
        } catch (error) {
          if (!(error instanceof Conflict)) throw error;
        }
      }
      if (attempt === MAX_TRANSACTION_ATTEMPTS) {
        throw new StoreError("aborted", `the transaction was contended ${MAX_TRANSACTION_ATTEMPTS} times; giving up`);
      }
      await sleep(Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt));
    }
  }

  private async writeOne(add: (writes: WriteCollector) => void): Promise<void> {
    const collector = new WriteCollector(() => undefined);
    add(collector);
    await this.commit(collector.writes, null);
  }

  /**
   * Checks the reads (for transactions) and every write, then applies them all or none, synchronously;
   * the returned promise settles when the journal has them on disk. Throws Conflict for stale reads.
   */
  private commit(writes: readonly Write[], reads: ReadSet | null): Promise<void> {
    this.assertOpen();
    if (writes.length > MAX_WRITES_PER_COMMIT) {
      throw new StoreError("invalid-argument", `${writes.length} writes in one commit; the maximum is ${MAX_WRITES_PER_COMMIT}`);
    }
    if (reads && !reads.stillValid(this)) throw new Conflict();

    const staged = new Map<string, { ref: DocRef; data: DocData | null }>();
    for (const write of writes) {
      const prior = staged.get(write.ref.path);
      const current = prior ? prior.data : (this.read(write.ref)?.data ?? null);
      staged.set(write.ref.path, { ref: write.ref, data: nextState(write, current) });
    }
    if (staged.size === 0) return Promise.resolve();

    const version = ++this.version;
    const entries: string[] = [];
    for (const { ref, data } of staged.values()) {
      const entry = encodeEntry({ path: ref.path, data });
      this.table.put(ref, data, version, Buffer.byteLength(entry));
      entries.push(entry);
    }
    const durable = this.journal.append(recordLine(entries));
    this.compactIfBloated();
    return durable;
  }

  // -------------------------------------------------------------------------------------------
  // Journal upkeep

  /** Applies one journal record during open. */
  replay(record: JournalEntry[]): void {
    const version = ++this.version;
    for (const entry of record) {
      this.table.put(parseDocPath(entry.path), entry.data, version, Buffer.byteLength(encodeEntry(entry)));
    }
  }

  async compact(): Promise<void> {
    this.assertOpen();
    // Taken synchronously, so the snapshot holds whole commits only.
    const lines = [...this.table.all()].map((doc) => recordLine([encodeEntry({ path: doc.path, data: doc.data })]));
    await this.journal.rewrite(lines);
  }

  compactIfBloated(): void {
    const size = this.journal.size;
    if (this.compaction || size < COMPACT_MIN_BYTES || size < COMPACT_RATIO * this.table.liveBytes) return;
    // A failed rewrite is not lost: it leaves the journal failed, and every later operation reports why.
    this.compaction = this.compact()
      .catch(() => undefined)
      .finally(() => {
        this.compaction = null;
      });
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.journal.close();
  }

  /** Also refuses reads once the journal has failed: memory may then hold writes the disk does not. */
  private assertOpen(): void {
    if (this.closed) throw new StoreError("unavailable", "the document store is closed");
    const failure = this.journal.failure;
    if (failure) throw failure;
  }
}

/** A document's state after one write, or the StoreError Firestore would give for it. */
function nextState(write: Write, current: DocData | null): DocData | null {
  let next: DocData | null;
  switch (write.kind) {
    case "create":
      if (current) throw new StoreError("already-exists", `document "${write.ref.path}" already exists`);
      next = write.data;
      break;
    case "set":
      next = write.data;
      break;
    case "update":
      if (!current) throw new StoreError("not-found", `no document to update: "${write.ref.path}"`);
      next = applyPatch(current, write.updates);
      break;
    case "delete":
      return null;
  }
  const size = documentSize(write.ref.segments, next);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new StoreError(
      "invalid-argument",
      `document "${write.ref.path}" would be ${size} bytes; Firestore's maximum is ${MAX_DOCUMENT_BYTES}`,
    );
  }
  return next;
}
