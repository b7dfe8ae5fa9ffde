/**
 * An optimistic transaction: reads come from live memory and are remembered (document versions, and each
 * query's result with versions); the store re-checks them all at commit, atomically with applying the
 * writes, and retries the whole function if anything read has changed. That makes transactions serializable,
 * including against phantoms: a new document entering a query's result changes that result.
 */
import type { DocData, DocPatch, DocQuery, DocQueryResult, DocSnapshot, Transaction } from "../../ports.ts";
import { StoreError } from "../../ports.ts";
import type { DocRef } from "../doc-paths.ts";
import { parseDocPath } from "../doc-paths.ts";
import type { StoredDoc } from "./doc-table.ts";
import { snapshotOf } from "./doc-table.ts";
import type { PreparedQuery } from "./query-engine.ts";
import type { Write } from "./writes.ts";
import { WriteCollector } from "./writes.ts";

export interface QueryRun {
  docs: StoredDoc[];
  nextCursor: string | null;
}

/** What a transaction needs from the store. */
export interface TransactionReader {
  read(ref: DocRef): StoredDoc | undefined;
  /** Validates, index-checks and runs a query. */
  prepare(query: DocQuery): PreparedQuery;
  run(prepared: PreparedQuery): QueryRun;
}

function fingerprint(run: QueryRun): string {
  return JSON.stringify([run.docs.map((doc) => [doc.path, doc.version]), run.nextCursor]);
}

export class ReadSet {
  /** The version first seen per path; 0 for a missing document. */
  private readonly docs = new Map<string, { ref: DocRef; version: number }>();
  private readonly queries: { prepared: PreparedQuery; fingerprint: string }[] = [];

  recordDoc(ref: DocRef, doc: StoredDoc | undefined): void {
    if (!this.docs.has(ref.path)) this.docs.set(ref.path, { ref, version: doc?.version ?? 0 });
  }

  recordQuery(prepared: PreparedQuery, run: QueryRun): void {
    this.queries.push({ prepared, fingerprint: fingerprint(run) });
  }

  /** Whether everything read would read the same now. */
  stillValid(reader: TransactionReader): boolean {
    for (const { ref, version } of this.docs.values()) {
      if ((reader.read(ref)?.version ?? 0) !== version) return false;
    }
    return this.queries.every((query) => fingerprint(reader.run(query.prepared)) === query.fingerprint);
  }
}

export class EmbeddedTransaction implements Transaction {
  readonly reads = new ReadSet();
  private readonly collector = new WriteCollector(() => this.assertActive());
  private finished = false;

  constructor(private readonly reader: TransactionReader) {}

  get writes(): readonly Write[] {
    return this.collector.writes;
  }

  /** Called when the transaction function has returned; the object is dead after that. */
  finish(): void {
    this.finished = true;
  }

  async get(path: string): Promise<DocSnapshot | null> {
    this.assertCanRead();
    return this.readDoc(parseDocPath(path));
  }

  async getAll(paths: string[]): Promise<(DocSnapshot | null)[]> {
    this.assertCanRead();
    if (!Array.isArray(paths)) throw new StoreError("invalid-argument", "getAll needs an array of paths");
    return paths.map(parseDocPath).map((ref) => this.readDoc(ref));
  }

  async query(query: DocQuery): Promise<DocQueryResult> {
    this.assertCanRead();
    const prepared = this.reader.prepare(query);
    const run = this.reader.run(prepared);
    this.reads.recordQuery(prepared, run);
    return { docs: run.docs.map(snapshotOf), nextCursor: run.nextCursor };
  }

  create(path: string, data: DocData): void {
    this.collector.create(path, data);
  }

  set(path: string, data: DocData): void {
    this.collector.set(path, data);
  }

  update(path: string, patch: DocPatch): void {
    this.collector.update(path, patch);
  }

  delete(path: string): void {
    this.collector.delete(path);
  }

  private readDoc(ref: DocRef): DocSnapshot | null {
    const doc = this.reader.read(ref);
    this.reads.recordDoc(ref, doc);
    return doc ? snapshotOf(doc) : null;
  }

  private assertActive(): void {
    if (this.finished) throw new StoreError("invalid-argument", "the transaction has already finished");
  }

  private assertCanRead(): void {
    this.assertActive();
    if (this.collector.writes.length > 0) {
      throw new StoreError("invalid-argument", "transactions require all reads to be executed before all writes");
    }
  }
}
