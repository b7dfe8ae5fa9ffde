/**
 * The production DocumentStore: firebase-admin's Firestore behind the port. Dates and Uint8Arrays become
 * Timestamps and Buffers, FieldOps become FieldValues, gRPC failures become StoreErrors, and paging uses the
 * cursor codec the embedded store uses, with documentId() as the tie-break order.
 */
import { FieldPath, FieldValue, GrpcStatus, Timestamp } from "firebase-admin/firestore";
import type {
  DocumentData,
  DocumentReference,
  DocumentSnapshot,
  Firestore,
  Query,
  QuerySnapshot,
  Transaction as FirestoreTransaction,
  UpdateData,
  WriteBatch as FirestoreWriteBatch,
} from "firebase-admin/firestore";
import type {
  DocData,
  DocPatch,
  DocQuery,
  DocQueryResult,
  DocSnapshot,
  DocValue,
  DocumentStore,
  StoreErrorCode,
  Transaction,
  WriteBatch,
} from "../../ports.ts";
import { FieldOp, StoreError } from "../../ports.ts";
import type { QueryOrder } from "../doc-cursor.ts";
import { decodeDocCursor, encodeDocCursor, pageLimit, resolveQueryOrder } from "../doc-cursor.ts";
import { IndexPlanner } from "../doc-index-planner.ts";
import { parseCollectionPath, parseDocPath } from "../doc-paths.ts";

/** Firestore's historical limit on writes per commit; the embedded store enforces it too, so both do. */
const MAX_WRITES_PER_COMMIT = 500;
const MAX_TRANSACTION_ATTEMPTS = 25;

// ---------------------------------------------------------------------------------------------
// Errors

const STORE_ERROR_CODES: Partial<Record<number, StoreErrorCode>> = {
  [GrpcStatus.INVALID_ARGUMENT]: "invalid-argument",
  [GrpcStatus.NOT_FOUND]: "not-found",
  [GrpcStatus.ALREADY_EXISTS]: "already-exists",
  [GrpcStatus.FAILED_PRECONDITION]: "failed-precondition",
  [GrpcStatus.ABORTED]: "aborted",
  [GrpcStatus.UNAVAILABLE]: "unavailable",
  [GrpcStatus.DEADLINE_EXCEEDED]: "unavailable",
};

function storeError(code: StoreErrorCode, cause: unknown): StoreError {
  const error = new StoreError(code, cause instanceof Error ? cause.message : String(cause));
  error.cause = cause;
  return error;
}

/** Runs a call to Firestore, turning gRPC failures the port names into StoreErrors. */
async function remote<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof StoreError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    const mapped = typeof code === "number" ? STORE_ERROR_CODES[code] : undefined;
    throw mapped ? storeError(mapped, error) : error;
  }
}

/** firebase-admin checks arguments synchronously and throws plain Errors: those are invalid arguments. */
function local<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw error instanceof StoreError ? error : storeError("invalid-argument", error);
  }
}

// ---------------------------------------------------------------------------------------------
// Values

function toFirestoreValue(value: DocValue): unknown {
  if (value instanceof Date) return Timestamp.fromDate(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return value.map(toFirestoreValue);
  if (value !== null && typeof value === "object") return toFirestoreData(value);
  return value;
}

function toFirestoreData(data: DocData): DocumentData {
  const out: DocumentData = {};
  for (const [key, value] of Object.entries(data)) out[key] = toFirestoreValue(value);
  return out;
}

function toFieldValue(op: FieldOp): FieldValue {
  switch (op.kind) {
    case "increment":
      return FieldValue.increment(op.operand as number);
    case "delete":
      return FieldValue.delete();
    case "arrayUnion":
      return FieldValue.arrayUnion(...(op.operand as DocValue[]).map(toFirestoreValue));
    case "arrayRemove":
      return FieldValue.arrayRemove(...(op.operand as DocValue[]).map(toFirestoreValue));
  }
}

function toFirestorePatch(patch: DocPatch): UpdateData<DocumentData> {
  const out: Record<string, unknown> = {};
  for (const [fieldPath, change] of Object.entries(patch)) {
    out[fieldPath] = change instanceof FieldOp ? toFieldValue(change) : toFirestoreValue(change);
  }
  return out;
}

function fromFirestoreValue(value: unknown, field: string): DocValue {
  if (value === null || typeof value === "boolean" || typeof value === "number" || typeof value === "string") {
    return value;
  }
  if (value instanceof Timestamp) return value.toDate();
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map((item, i) => fromFirestoreValue(item, `${field}[${i}]`));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return fromFirestoreData(value as DocumentData, field);
  }
  // References, geopoints and vectors are outside the port's data model; nothing here writes them.
  throw new Error(`field "${field}" holds a Firestore value the DocumentStore port cannot represent`);
}

function fromFirestoreData(data: DocumentData, prefix = ""): DocData {
  const out: DocData = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] = fromFirestoreValue(value, prefix === "" ? key : `${prefix}.${key}`);
  }
  return out;
}

function toSnapshot(snapshot: DocumentSnapshot): DocSnapshot | null {
  const data = snapshot.data();
  return data === undefined ? null : { id: snapshot.id, path: snapshot.ref.path, data: fromFirestoreData(data) };
}

// ---------------------------------------------------------------------------------------------
// Queries

interface BuiltQuery {
  query: Query;
  order: QueryOrder | null;
  limit: number | null;
}

/** Fetches one document more than the limit, so nextCursor is only set when more really follow. */
function buildQuery(db: Firestore, query: DocQuery, planner: IndexPlanner | null): BuiltQuery {
  const collectionGroup = parseCollectionPath(query.collection);
  const order = resolveQueryOrder(query);
  planner?.check({ collectionGroup, filters: (query.where ?? []).map(({ field, op }) => ({ field, op })), order });
  const limit = pageLimit(query);
  const cursor = query.startAfter === undefined ? null : decodeDocCursor(query.startAfter, order);
  return local(() => {
    let built: Query = db.collection(query.collection);
    for (const { field, op, value } of query.where ?? []) built = built.where(field, op, toFirestoreValue(value));
    if (order) built = built.orderBy(order.field, order.direction);
    built = built.orderBy(FieldPath.documentId(), order?.direction ?? "asc");
    if (cursor) {
      built = cursor.order ? built.startAfter(toFirestoreValue(cursor.order.value), cursor.id) : built.startAfter(cursor.id);
    }
    if (limit !== null) built = built.limit(limit + 1);
    return { query: built, order, limit };
  });
}

function toQueryResult(snapshot: QuerySnapshot, { order, limit }: BuiltQuery): DocQueryResult {
  const docs = snapshot.docs;
  if (limit === null || docs.length <= limit) {
    return { docs: docs.map((doc) => toSnapshot(doc) as DocSnapshot), nextCursor: null };
  }
  const page = docs.slice(0, limit);
  const last = page[page.length - 1] as DocumentSnapshot;
  const nextCursor = encodeDocCursor({
    id: last.id,
    order: order && { field: order.field, value: fromFirestoreValue(last.get(order.field), order.field) },
  });
  return { docs: page.map((doc) => toSnapshot(doc) as DocSnapshot), nextCursor };
}

// ---------------------------------------------------------------------------------------------
// Transactions

class FirestoreTransactionAdapter implements Transaction {
  private writes = 0;

  constructor(
    private readonly db: Firestore,
    private readonly tx: FirestoreTransaction,
    private readonly planner: IndexPlanner | null,
  ) {}

  // Reads are left unmapped: firebase-admin decides whether to retry from their gRPC codes.
  async get(path: string): Promise<DocSnapshot | null> {
    this.assertCanRead();
    return toSnapshot(await this.tx.get(docRef(this.db, path)));
  }

  async getAll(paths: string[]): Promise<(DocSnapshot | null)[]> {
    this.assertCanRead();
    if (paths.length === 0) return [];
    const refs = paths.map((path) => docRef(this.db, path));
    return (await this.tx.getAll(...refs)).map(toSnapshot);
  }

  async query(query: DocQuery): Promise<DocQueryResult> {
    this.assertCanRead();
    const built = buildQuery(this.db, query, this.planner);
    return toQueryResult(await this.tx.get(built.query), built);
  }

  create(path: string, data: DocData): void {
    local(() => this.tx.create(docRef(this.db, path), toFirestoreData(data)));
    this.writes++;
  }

  set(path: string, data: DocData): void {
    local(() => this.tx.set(docRef(this.db, path), toFirestoreData(data)));
    this.writes++;
  }

  update(path: string, patch: DocPatch): void {
    local(() => this.tx.update(docRef(this.db, path), toFirestorePatch(patch)));
    this.writes++;
  }

  delete(path: string): void {
    local(() => this.tx.delete(docRef(this.db, path)));
    this.writes++;
  }

  assertWithinLimit(): void {
    if (this.writes > MAX_WRITES_PER_COMMIT) {
      throw new StoreError("invalid-argument", `${this.writes} writes in one transaction; the maximum is ${MAX_WRITES_PER_COMMIT}`);
    }
  }

  private assertCanRead(): void {
    if (this.writes > 0) {
      throw new StoreError("invalid-argument", "transactions require all reads to be executed before all writes");
    }
  }
}

function docRef(db: Firestore, path: string): DocumentReference {
  parseDocPath(path);
  return local(() => db.doc(path));
}

// ---------------------------------------------------------------------------------------------
// The store

export interface FirestoreStoreOptions {
  /**
   * The parsed firestore.indexes.json, to refuse queries production would refuse for want of an index. For the
   * emulator, which serves every query whatever the indexes; production Firestore enforces them itself.
   */
  indexes?: unknown;
}

export function createFirestoreStore(db: Firestore, options: FirestoreStoreOptions = {}): DocumentStore {
  const planner = options.indexes === undefined ? null : new IndexPlanner(options.indexes);
  /** A single write goes through a one-write batch, so argument errors surface before anything is sent. */
  async function writeOne(add: (batch: FirestoreWriteBatch) => void): Promise<void> {
    const batch = db.batch();
    local(() => add(batch));
    await remote(() => batch.commit());
  }

  return {
    async get(path) {
      const ref = docRef(db, path);
      return toSnapshot(await remote(() => ref.get()));
    },

    async getAll(paths) {
      if (paths.length === 0) return [];
      const refs = paths.map((path) => docRef(db, path));
      return (await remote(() => db.getAll(...refs))).map(toSnapshot);
    },

    create: (path, data) => writeOne((batch) => batch.create(docRef(db, path), toFirestoreData(data))),
    set: (path, data) => writeOne((batch) => batch.set(docRef(db, path), toFirestoreData(data))),
    update: (path, patch) => writeOne((batch) => batch.update(docRef(db, path), toFirestorePatch(patch))),
    delete: (path) => writeOne((batch) => batch.delete(docRef(db, path))),

    async query(query) {
      const built = buildQuery(db, query, planner);
      return toQueryResult(await remote(() => built.query.get()), built);
    },

    runTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
      return remote(() =>
        db.runTransaction(
          async (firestoreTx) => {
            const tx = new FirestoreTransactionAdapter(db, firestoreTx, planner);
            const result = await fn(tx);
            tx.assertWithinLimit();
            return result;
          },
          { maxAttempts: MAX_TRANSACTION_ATTEMPTS },
        ),
      );
    },

    batch(): WriteBatch {
      const batch = db.batch();
      let writes = 0;
      const add = (write: () => void) => {
        local(write);
        writes++;
      };
      return {
        create: (path, data) => add(() => batch.create(docRef(db, path), toFirestoreData(data))),
        set: (path, data) => add(() => batch.set(docRef(db, path), toFirestoreData(data))),
        update: (path, patch) => add(() => batch.update(docRef(db, path), toFirestorePatch(patch))),
        delete: (path) => add(() => batch.delete(docRef(db, path))),
        async commit() {
          if (writes > MAX_WRITES_PER_COMMIT) {
            throw new StoreError("invalid-argument", `${writes} writes in one batch; the maximum is ${MAX_WRITES_PER_COMMIT}`);
          }
          await remote(() => batch.commit());
        },
      };
    },

    async listCollections(documentPath) {
      const collections = await remote(() => (documentPath === undefined ? db.listCollections() : docRef(db, documentPath).listCollections()));
      return collections.map((collection) => collection.id).sort();
    },

    async ping() {
      await remote(() => db.listCollections());
    },

    close: () => db.terminate(),
  };
}
