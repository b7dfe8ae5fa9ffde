/** The embedded store's documents in memory, grouped by collection path so a query scans one collection. */
import type { DocData, DocSnapshot } from "../../ports.ts";
import type { DocRef } from "../doc-paths.ts";
import { cloneMap } from "./values.ts";

export interface StoredDoc {
  id: string;
  path: string;
  data: DocData;
  /** The commit that last wrote it; transactions compare versions to detect conflicts. */
  version: number;
  /** The size of its entry in the journal, to judge when compaction pays. */
  journalBytes: number;
}

/** A snapshot for callers, with its own copy of the data. */
export function snapshotOf(doc: StoredDoc): DocSnapshot {
  return { id: doc.id, path: doc.path, data: cloneMap(doc.data) };
}

export class DocTable {
  private readonly collections = new Map<string, Map<string, StoredDoc>>();
  private liveJournalBytes = 0;

  /** What the live documents would take in a freshly compacted journal. */
  get liveBytes(): number {
    return this.liveJournalBytes;
  }

  get(ref: DocRef): StoredDoc | undefined {
    return this.collections.get(ref.collection)?.get(ref.id);
  }

  /** Stores `data` as the document's new state, or removes the document when it is null. */
  put(ref: DocRef, data: DocData | null, version: number, journalBytes: number): void {
    let collection = this.collections.get(ref.collection);
    const previous = collection?.get(ref.id);
    if (previous) this.liveJournalBytes -= previous.journalBytes;
    if (data === null) {
      collection?.delete(ref.id);
      if (collection?.size === 0) this.collections.delete(ref.collection);
      return;
    }
    if (!collection) {
      collection = new Map();
      this.collections.set(ref.collection, collection);
    }
    collection.set(ref.id, { id: ref.id, path: ref.path, data, version, journalBytes });
    this.liveJournalBytes += journalBytes;
  }

  /**
   * Ids of the collections directly under a document path (null: the root), sorted: as in Firestore, a collection
   * counts while anything at any depth below it holds a document.
   */
  collectionIdsUnder(parent: string | null): string[] {
    const prefix = parent === null ? "" : `${parent}/`;
    const ids = new Set<string>();
    for (const path of this.collections.keys()) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const cut = rest.indexOf("/");
      ids.add(cut === -1 ? rest : rest.slice(0, cut));
    }
    return [...ids].sort();
  }

  docsIn(collection: string): Iterable<StoredDoc> {
    return this.collections.get(collection)?.values() ?? [];
  }

  *all(): Iterable<StoredDoc> {
    for (const collection of this.collections.values()) yield* collection.values();
  }
}
