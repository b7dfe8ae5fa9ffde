/**
 * The DocumentStore contract: Firestore's semantics, which every adapter must show, so the embedded stack
 * behaves like production. Each case gets fresh, empty storage from the harness and keeps its collections
 * under the harness's private root document.
 */
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DocData, DocQuery, DocQueryResult, DocumentStore, StoreErrorCode } from "../../functions/src/ports.ts";
import { FieldOp, StoreError } from "../../functions/src/ports.ts";
import indexes from "./document-store.indexes.json" with { type: "json" };

/** Access to an adapter's on-disk journal, for adapters that keep one. */
export interface LocalJournal {
  dir: string;
  /** The journal file itself. */
  file: string;
  compact(): Promise<void>;
  /** Closes the store, runs `whileClosed`, and opens a new store on the same directory, as after a restart. */
  reopen(whileClosed?: () => Promise<void>): Promise<DocumentStore>;
}

export interface DocumentStoreHarness {
  store: DocumentStore;
  /** A document path private to this case, e.g. "runs/abc"; cases create their collections under it. */
  root: string;
  /** Present for adapters that persist to a local journal. */
  journal?: LocalJournal;
  cleanup(): Promise<void>;
}

export interface DocumentStoreTraits {
  /** Whether queries without a matching composite index are refused (the Firestore emulator serves them all). */
  enforcesIndexes: boolean;
  /** Whether the harness provides `journal`. */
  localJournal: boolean;
}

/** Opens fresh storage whose queries are checked against `indexesFile`, a parsed firestore.indexes.json. */
export type MakeDocumentStore = (indexesFile: unknown) => Promise<DocumentStoreHarness>;

const MAX_DOCUMENT_BYTES = 1_048_576;

/** Firestore's documented sizes (https://firebase.google.com/docs/firestore/storage-size). */
function stringSize(text: string): number {
  return Buffer.byteLength(text) + 1;
}

function documentNameSize(path: string): number {
  return path.split("/").reduce((sum, segment) => sum + stringSize(segment), 0) + 16;
}

async function expectStoreError(action: Promise<unknown> | (() => unknown), code: StoreErrorCode): Promise<StoreError> {
  let caught: unknown = null;
  try {
    await (typeof action === "function" ? action() : action);
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected StoreError("${code}")`).toBeInstanceOf(StoreError);
  expect((caught as StoreError).code, (caught as Error).message).toBe(code);
  return caught as StoreError;
}

function ids(result: DocQueryResult): string[] {
  return result.docs.map((doc) => doc.id);
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

function anyFileContains(dir: string, marker: string): boolean {
  return filesUnder(dir).some((path) => readFileSync(path).includes(marker));
}

export function documentStoreContract(
  name: string,
  makeStore: MakeDocumentStore,
  traits: DocumentStoreTraits,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let harness: DocumentStoreHarness;
    let store: DocumentStore;
    let root: string;
    const items = () => `${root}/items`;
    const item = (id: string) => `${root}/items/${id}`;

    beforeEach(async () => {
      harness = await makeStore(indexes);
      store = harness.store;
      root = harness.root;
    });

    afterEach(async () => {
      await harness.cleanup();
    });

    async function seed(docs: Record<string, DocData>, collection = items()): Promise<void> {
      const batch = store.batch();
      for (const [id, data] of shuffled(Object.entries(docs))) batch.set(`${collection}/${id}`, data);
      await batch.commit();
    }

    async function pageThrough(query: DocQuery, size: number): Promise<string[][]> {
      const pages: string[][] = [];
      let startAfter: string | undefined;
      for (let guard = 0; guard < 100; guard++) {
        const page = await store.query({ ...query, limit: size, ...(startAfter ? { startAfter } : {}) });
        pages.push(ids(page));
        if (page.nextCursor === null) return pages;
        startAfter = page.nextCursor;
      }
      throw new Error("paging never ended");
    }

    // -----------------------------------------------------------------------------------------
    describe("documents", () => {
      it("get returns null for a missing document", async () => {
        expect(await store.get(item("nope"))).toBeNull();
      });

      it("create stores a document; get returns it with its id and path", async () => {
        await store.create(item("a"), { name: "Ada", n: 1 });
        expect(await store.get(item("a"))).toEqual({ id: "a", path: item("a"), data: { name: "Ada", n: 1 } });
      });

      it("create on an existing document fails with already-exists and keeps the original", async () => {
        await store.create(item("a"), { v: 1 });
        await expectStoreError(store.create(item("a"), { v: 2 }), "already-exists");
        expect((await store.get(item("a")))?.data).toEqual({ v: 1 });
      });

      it("set replaces the whole document, and creates a missing one", async () => {
        await store.set(item("a"), { keep: false, gone: "x", nested: { a: 1, b: 2 } });
        await store.set(item("a"), { keep: true, nested: { c: 3 } });
        expect((await store.get(item("a")))?.data).toEqual({ keep: true, nested: { c: 3 } });
        await store.set(item("fresh"), { n: 1 });
        expect((await store.get(item("fresh")))?.data).toEqual({ n: 1 });
      });

      it("update on a missing document fails with not-found and creates nothing", async () => {
        await expectStoreError(store.update(item("missing"), { n: 1 }), "not-found");
        expect(await store.get(item("missing"))).toBeNull();
      });

      it("update merges dotted field paths into nested maps and replaces map values named whole", async () => {
        await store.set(item("a"), { settings: { theme: "dark", analytics: true }, y: { old: 1 }, s: "text" });
        await store.update(item("a"), {
          "settings.analytics": false,
          "settings.limits.daily": 10,
          y: { fresh: 2 },
          "s.inner": 1,
        });
        expect((await store.get(item("a")))?.data).toEqual({
          settings: { theme: "dark", analytics: false, limits: { daily: 10 } },
          y: { fresh: 2 },
          s: { inner: 1 },
        });
      });

      it("FieldOp.increment adds to numbers and starts other values from the operand", async () => {
        await store.set(item("a"), { n: 5, text: "x", nested: {} });
        await store.update(item("a"), {
          n: FieldOp.increment(3),
          text: FieldOp.increment(2),
          "nested.count": FieldOp.increment(1.5),
          fresh: FieldOp.increment(-1),
        });
        expect((await store.get(item("a")))?.data).toEqual({ n: 8, text: 2, nested: { count: 1.5 }, fresh: -1 });
      });

      it("FieldOp.delete removes top-level and nested fields; deleting a missing field is a no-op", async () => {
        await store.set(item("a"), { a: 1, b: 2, m: { x: 1, y: 2 } });
        await store.update(item("a"), { a: FieldOp.delete(), "m.x": FieldOp.delete(), "nope.deep": FieldOp.delete() });
        expect((await store.get(item("a")))?.data).toEqual({ b: 2, m: { y: 2 } });
      });

      it("arrayUnion adds only missing elements; arrayRemove removes every equal one", async () => {
        await store.set(item("a"), { tags: ["a", "b", "a"], other: 3 });
        await store.update(item("a"), { tags: FieldOp.arrayUnion("b", "c", { k: 1 }, { k: 1 }) });
        expect((await store.get(item("a")))?.data.tags).toEqual(["a", "b", "a", "c", { k: 1 }]);
        await store.update(item("a"), {
          tags: FieldOp.arrayRemove("a", { k: 1 }),
          other: FieldOp.arrayUnion(1, 2),
          missing: FieldOp.arrayRemove(1),
        });
        expect((await store.get(item("a")))?.data).toEqual({ tags: ["b", "c"], other: [1, 2], missing: [] });
      });

      it("an update with no fields, or naming a field and a field inside it, is refused", async () => {
        await store.set(item("a"), { m: { x: 1 } });
        await expectStoreError(store.update(item("a"), {}), "invalid-argument");
        await expectStoreError(store.update(item("a"), { m: { x: 2 }, "m.x": 3 }), "invalid-argument");
        expect((await store.get(item("a")))?.data).toEqual({ m: { x: 1 } });
      });

      it("delete removes a document, and deleting a missing one succeeds", async () => {
        await store.set(item("a"), { n: 1 });
        await store.delete(item("a"));
        expect(await store.get(item("a"))).toBeNull();
        await expect(store.delete(item("never"))).resolves.toBeUndefined();
      });

      it("getAll returns documents in the order asked, with null for missing ones", async () => {
        await seed({ a: { n: 1 }, b: { n: 2 } });
        const found = await store.getAll([item("b"), item("missing"), item("a"), item("b")]);
        expect(found.map((snapshot) => snapshot?.id ?? null)).toEqual(["b", null, "a", "b"]);
        expect(await store.getAll([])).toEqual([]);
      });

      it("round-trips values exactly: timestamps, bytes, nested maps and arrays, unicode, numbers", async () => {
        const data: DocData = {
          at: new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 987)),
          bytes: new Uint8Array(Array.from({ length: 256 }, (_, i) => i)),
          nested: { list: [1, "two", { three: [true, null] }], empty: {}, none: [] },
          text: "zażółć 😀 \u0000 end",
          numbers: [0, -1, 0.1, 2 ** 53 - 1, -1e-300, 1e300],
          flag: false,
          nothing: null,
          $dollar: { $t: 1, $b: "not bytes" },
        };
        await store.set(item("a"), data);
        expect((await store.get(item("a")))?.data).toEqual(data);
      });

      it("hands out copies: mutating what was written or read changes nothing stored", async () => {
        const data = { list: [1, 2], map: { k: "v" }, bytes: new Uint8Array([1, 2]), at: new Date(1000) };
        await store.set(item("a"), data);
        data.list.push(3);
        data.map.k = "changed";
        data.bytes[0] = 9;
        data.at.setTime(5);
        const read = await store.get(item("a"));
        (read?.data.list as number[]).push(4);
        expect((await store.get(item("a")))?.data).toEqual({
          list: [1, 2],
          map: { k: "v" },
          bytes: new Uint8Array([1, 2]),
          at: new Date(1000),
        });
      });

      it("refuses malformed paths with invalid-argument", async () => {
        await expectStoreError(store.get(items()), "invalid-argument");
        await expectStoreError(store.set(`${items()}/`, { n: 1 }), "invalid-argument");
        await expectStoreError(store.set(`${root}//items/a`, { n: 1 }), "invalid-argument");
        await expectStoreError(store.create("", { n: 1 }), "invalid-argument");
        await expectStoreError(store.getAll([item("ok"), `${root}/odd`]), "invalid-argument");
        await expectStoreError(store.query({ collection: item("a") }), "invalid-argument");
        await expectStoreError(store.query({ collection: `${items()}/` }), "invalid-argument");
      });

      it("refuses values Firestore cannot store: undefined and arrays directly inside arrays", async () => {
        await expectStoreError(store.set(item("a"), { n: undefined } as unknown as DocData), "invalid-argument");
        await expectStoreError(store.set(item("a"), { grid: [[1, 2]] } as unknown as DocData), "invalid-argument");
        expect(await store.get(item("a"))).toBeNull();
      });
    });

    // -----------------------------------------------------------------------------------------
    describe("query filters", () => {
      it("== matches equal values of the same type only", async () => {
        await seed({ one: { v: 1 }, onePointZero: { v: 1.0 }, text: { v: "1" }, yes: { v: true }, none: {} });
        const result = await store.query({ collection: items(), where: [{ field: "v", op: "==", value: 1 }] });
        expect(ids(result)).toEqual(["one", "onePointZero"]);
        const nulls = await store.query({ collection: items(), where: [{ field: "v", op: "==", value: null }] });
        expect(ids(nulls)).toEqual([]);
      });

      it("!= excludes null and documents missing the field, and orders by that field", async () => {
        await seed({ one: { v: 1 }, two: { v: 2 }, nul: { v: null }, text: { v: "x" }, missing: { w: 1 } });
        const result = await store.query({ collection: items(), where: [{ field: "v", op: "!=", value: 1 }] });
        expect(ids(result)).toEqual(["two", "text"]);
        const notNull = await store.query({ collection: items(), where: [{ field: "v", op: "!=", value: null }] });
        expect(ids(notNull)).toEqual(["one", "two", "text"]);
      });

      it("< <= > >= match only values of the filter value's type class", async () => {
        await seed({
          n1: { v: 1 },
          n5: { v: 5 },
          n10: { v: 10 },
          s5: { v: "5" },
          t: { v: true },
          f: { v: false },
          d: { v: new Date(5) },
          nul: { v: null },
        });
        const where = (op: "<" | "<=" | ">" | ">=", value: number | string | boolean) =>
          store.query({ collection: items(), where: [{ field: "v", op, value }] }).then(ids);
        expect(await where(">", 1)).toEqual(["n5", "n10"]);
        expect(await where("<=", 5)).toEqual(["n1", "n5"]);
        expect(await where("<", 100)).toEqual(["n1", "n5", "n10"]);
        expect(await where(">=", "")).toEqual(["s5"]);
        expect(await where("<", true)).toEqual(["f"]);
      });

      it("range filters compare timestamps and strings (strings by UTF-8 bytes)", async () => {
        await seed({
          early: { at: new Date("2024-01-01T00:00:00Z"), s: "apple" },
          mid: { at: new Date("2024-06-01T00:00:00Z"), s: "banana" },
          late: { at: new Date("2025-01-01T00:00:00Z"), s: "😀" },
        });
        const range = await store.query({
          collection: items(),
          where: [
            { field: "at", op: ">", value: new Date("2024-01-01T00:00:00Z") },
            { field: "at", op: "<=", value: new Date("2025-01-01T00:00:00Z") },
          ],
        });
        expect(ids(range)).toEqual(["mid", "late"]);
        const strings = await store.query({ collection: items(), where: [{ field: "s", op: ">", value: "\uFFFD" }] });
        expect(ids(strings)).toEqual(["late"]);
      });

      it("in matches any listed value; an empty list or more than 30 values is refused", async () => {
        await seed({ a: { v: "a" }, b: { v: "b" }, c: { v: "c" }, arr: { v: [1, 2] } });
        const result = await store.query({ collection: items(), where: [{ field: "v", op: "in", value: ["c", "a", [1, 2]] }] });
        expect(ids(result)).toEqual(["a", "arr", "c"]);
        const thirty = Array.from({ length: 30 }, (_, i) => `v${i}`);
        await expect(store.query({ collection: items(), where: [{ field: "v", op: "in", value: thirty }] })).resolves.toBeDefined();
        const tooMany = [...thirty, "a"];
        await expectStoreError(store.query({ collection: items(), where: [{ field: "v", op: "in", value: tooMany }] }), "invalid-argument");
        await expectStoreError(store.query({ collection: items(), where: [{ field: "v", op: "in", value: [] }] }), "invalid-argument");
      });

      it("array-contains matches arrays holding an equal element, maps included", async () => {
        await seed({
          both: { tags: ["gold", { stone: "ruby" }] },
          gold: { tags: ["gold"] },
          plain: { tags: "gold" },
          other: { tags: ["silver"] },
        });
        const gold = await store.query({ collection: items(), where: [{ field: "tags", op: "array-contains", value: "gold" }] });
        expect(ids(gold)).toEqual(["both", "gold"]);
        const ruby = await store.query({
          collection: items(),
          where: [{ field: "tags", op: "array-contains", value: { stone: "ruby" } }],
        });
        expect(ids(ruby)).toEqual(["both"]);
      });

      it("combines filters on several fields and filters on nested fields", async () => {
        await seed({
          a: { status: "done", owner: "u1", meta: { size: 2 } },
          b: { status: "done", owner: "u2", meta: { size: 2 } },
          c: { status: "open", owner: "u1", meta: { size: 3 } },
        });
        const result = await store.query({
          collection: items(),
          where: [
            { field: "status", op: "==", value: "done" },
            { field: "meta.size", op: "==", value: 2 },
            { field: "owner", op: "in", value: ["u1", "u3"] },
          ],
        });
        expect(ids(result)).toEqual(["a"]);
      });

      it("a document missing the field never matches a filter on it, nor appears when ordering by it", async () => {
        await seed({ has: { v: 1 }, nul: { v: null }, missing: { w: 1 }, nested: { v: { deep: 1 } } });
        const ordered = await store.query({ collection: items(), orderBy: { field: "v", direction: "asc" } });
        expect(ids(ordered)).toEqual(["nul", "has", "nested"]);
        const deep = await store.query({ collection: items(), where: [{ field: "v.deep", op: "<", value: 5 }] });
        expect(ids(deep)).toEqual(["nested"]);
        const all = await store.query({ collection: items() });
        expect(ids(all)).toEqual(["has", "missing", "nested", "nul"]);
      });
    });

    // -----------------------------------------------------------------------------------------
    describe("query order", () => {
      const mixed: [string, unknown][] = [
        ["null", null],
        ["false", false],
        ["true", true],
        ["nan", Number.NaN],
        ["-inf", Number.NEGATIVE_INFINITY],
        ["-1", -1],
        ["0", 0],
        ["2.5", 2.5],
        ["date0", new Date(0)],
        ["date1", new Date(1000)],
        ["emptyString", ""],
        ["a", "a"],
        ["b", "b"],
        ["bytes0", new Uint8Array([0])],
        ["bytes01", new Uint8Array([0, 1])],
        ["bytes1", new Uint8Array([1])],
        ["emptyArray", []],
        ["array1", [1]],
        ["array12", [1, 2]],
        ["arrayA", ["a"]],
        ["emptyMap", {}],
        ["mapA1", { a: 1 }],
        ["mapB0", { b: 0 }],
      ];
      const seedMixed = () => seed(Object.fromEntries(mixed.map(([id, v]) => [id, { v }])) as Record<string, DocData>);

      it("orders mixed types as Firestore does, ascending", async () => {
        await seedMixed();
        const result = await store.query({ collection: items(), orderBy: { field: "v", direction: "asc" } });
        expect(ids(result)).toEqual(mixed.map(([id]) => id));
      });

      it("orders mixed types descending", async () => {
        await seedMixed();
        const result = await store.query({ collection: items(), orderBy: { field: "v", direction: "desc" } });
        expect(ids(result)).toEqual(mixed.map(([id]) => id).reverse());
      });

      it("breaks ties by document id in the order's direction", async () => {
        await seed({ t2: { v: "same" }, t1: { v: "same" }, t3: { v: "same" }, a: { v: "first" } });
        const asc = await store.query({ collection: items(), orderBy: { field: "v", direction: "asc" } });
        expect(ids(asc)).toEqual(["a", "t1", "t2", "t3"]);
        const desc = await store.query({ collection: items(), orderBy: { field: "v", direction: "desc" } });
        expect(ids(desc)).toEqual(["t3", "t2", "t1", "a"]);
      });

      it("orders strings by UTF-8 bytes, not UTF-16 code units", async () => {
        await seed({ emoji: { s: "😀" }, replacement: { s: "\uFFFD" }, private: { s: "\uE000" }, e: { s: "é" }, a: { s: "a" }, Z: { s: "Z" } });
        const result = await store.query({ collection: items(), orderBy: { field: "s", direction: "asc" } });
        expect(ids(result)).toEqual(["Z", "a", "e", "private", "replacement", "emoji"]);
      });

      it("orders arrays element by element and maps key by key", async () => {
        await seed({
          arr2: { v: [2] },
          arr1: { v: [1] },
          arr12: { v: [1, 2] },
          arr1a: { v: [1, "a"] },
          mapB: { v: { b: 0 } },
          mapA2: { v: { a: 2 } },
          mapA1B0: { v: { a: 1, b: 0 } },
          mapA1: { v: { a: 1 } },
        });
        const result = await store.query({ collection: items(), orderBy: { field: "v", direction: "asc" } });
        expect(ids(result)).toEqual(["arr1", "arr12", "arr1a", "arr2", "mapA1", "mapA1B0", "mapA2", "mapB"]);
      });

      it("without orderBy, results come in document id order", async () => {
        await seed({ c: { n: 1 }, a: { n: 3 }, b: { n: 2 } });
        expect(ids(await store.query({ collection: items() }))).toEqual(["a", "b", "c"]);
      });

      it("an inequality filter without orderBy orders by its field", async () => {
        await seed({ a: { n: 3 }, b: { n: 1 }, c: { n: 2 }, d: { n: 0 } });
        const result = await store.query({ collection: items(), where: [{ field: "n", op: ">", value: 0 }] });
        expect(ids(result)).toEqual(["b", "c", "a"]);
      });

      it("only sees its own collection, not subcollections or siblings", async () => {
        await seed({ a: { n: 1 } });
        await store.set(`${item("a")}/children/x`, { n: 1 });
        await store.set(`${root}/other/b`, { n: 1 });
        expect(ids(await store.query({ collection: items() }))).toEqual(["a"]);
        expect(ids(await store.query({ collection: `${item("a")}/children` }))).toEqual(["x"]);
      });
    });

    // -----------------------------------------------------------------------------------------
    describe("malformed queries", () => {
      it("an inequality filter's field must be the first orderBy", async () => {
        await expectStoreError(
          store.query({
            collection: items(),
            where: [{ field: "n", op: ">", value: 1 }],
            orderBy: { field: "m", direction: "asc" },
          }),
          "invalid-argument",
        );
      });

      it("refuses bad limits, null or NaN range operands and unknown operators", async () => {
        for (const limit of [0, -1, 1.5]) {
          await expectStoreError(store.query({ collection: items(), limit }), "invalid-argument");
        }
        await expectStoreError(store.query({ collection: items(), where: [{ field: "n", op: "<", value: null }] }), "invalid-argument");
        await expectStoreError(store.query({ collection: items(), where: [{ field: "n", op: ">", value: Number.NaN }] }), "invalid-argument");
        await expectStoreError(
          store.query({ collection: items(), where: [{ field: "n", op: "like" as "==", value: 1 }] }),
          "invalid-argument",
        );
      });

      it("refuses a cursor that is garbage or from a query with another order", async () => {
        await seed({ a: { n: 1, m: 1 }, b: { n: 2, m: 2 } });
        await expectStoreError(store.query({ collection: items(), startAfter: "not a cursor" }), "invalid-argument");
        const byN = await store.query({ collection: items(), orderBy: { field: "n", direction: "asc" }, limit: 1 });
        expect(byN.nextCursor).not.toBeNull();
        await expectStoreError(
          store.query({ collection: items(), orderBy: { field: "m", direction: "asc" }, startAfter: byN.nextCursor as string }),
          "invalid-argument",
        );
      });
    });

    // -----------------------------------------------------------------------------------------
    describe("limit and cursors", () => {
      const all = Array.from({ length: 25 }, (_, i) => `d${String(i).padStart(2, "0")}`);
      // Values repeat in threes so ties straddle page boundaries and the id tie-break is exercised.
      const seedNumbered = () => seed(Object.fromEntries(all.map((id, i) => [id, { n: Math.floor(i / 3), odd: i % 2 === 1 }])));

      it("pages through 25 documents 7 at a time ascending: each exactly once, in order", async () => {
        await seedNumbered();
        const pages = await pageThrough({ collection: items(), orderBy: { field: "n", direction: "asc" } }, 7);
        expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 4]);
        expect(pages.flat()).toEqual(all);
      });

      it("pages through 25 documents 7 at a time descending: each exactly once, in order", async () => {
        await seedNumbered();
        const pages = await pageThrough({ collection: items(), orderBy: { field: "n", direction: "desc" } }, 7);
        expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 4]);
        expect(pages.flat()).toEqual([...all].reverse());
      });

      it("pages in id order with a filter and no orderBy", async () => {
        await seedNumbered();
        const pages = await pageThrough({ collection: items(), where: [{ field: "odd", op: "==", value: true }] }, 5);
        expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
        expect(pages.flat()).toEqual(all.filter((_, i) => i % 2 === 1));
      });

      it("pages over timestamp and bytes values, whose cursors round-trip typed", async () => {
        const base = Date.UTC(2025, 0, 1);
        await seed(
          Object.fromEntries(
            all.map((id, i) => [id, { at: new Date(base + Math.floor(i / 4) * 1001), raw: new Uint8Array([Math.floor(i / 4), 255]) }]),
          ),
        );
        const byDate = await pageThrough({ collection: items(), orderBy: { field: "at", direction: "desc" } }, 7);
        expect(byDate.flat()).toEqual([...all].reverse());
        const byBytes = await pageThrough({ collection: items(), orderBy: { field: "raw", direction: "asc" } }, 6);
        expect(byBytes.map((page) => page.length)).toEqual([6, 6, 6, 6, 1]);
        expect(byBytes.flat()).toEqual(all);
      });

      it("sets nextCursor only when more documents follow", async () => {
        await seed({ a: { n: 1 }, b: { n: 2 }, c: { n: 3 } });
        const exact = await store.query({ collection: items(), orderBy: { field: "n", direction: "asc" }, limit: 3 });
        expect(ids(exact)).toEqual(["a", "b", "c"]);
        expect(exact.nextCursor).toBeNull();
        const short = await store.query({ collection: items(), limit: 2 });
        expect(ids(short)).toEqual(["a", "b"]);
        const rest = await store.query({ collection: items(), limit: 2, startAfter: short.nextCursor as string });
        expect(ids(rest)).toEqual(["c"]);
        expect(rest.nextCursor).toBeNull();
      });
    });

    // -----------------------------------------------------------------------------------------
    // Only adapters with this trait register these cases (not skipped: they do not apply).
    if (traits.enforcesIndexes) {
      describe("composite indexes", () => {
        const things = () => `${root}/things`;

        it("refuses == on one field plus orderBy on another without a composite index, naming the index", async () => {
          const error = await expectStoreError(
            store.query({
              collection: things(),
              where: [{ field: "status", op: "==", value: "done" }],
              orderBy: { field: "createdAt", direction: "desc" },
            }),
            "failed-precondition",
          );
          expect(error.message).toContain('"collectionGroup":"things"');
          expect(error.message).toContain('{"fieldPath":"status","order":"ASCENDING"},{"fieldPath":"createdAt","order":"DESCENDING"}');
        });

        it("serves the same query when firestore.indexes.json declares the index", async () => {
          await seed({
            old: { status: "done", createdAt: new Date(1000) },
            fresh: { status: "done", createdAt: new Date(3000) },
            open: { status: "open", createdAt: new Date(2000) },
          });
          const result = await store.query({
            collection: items(),
            where: [{ field: "status", op: "==", value: "done" }],
            orderBy: { field: "createdAt", direction: "desc" },
          });
          expect(ids(result)).toEqual(["fresh", "old"]);
        });

        it("refuses an order direction the declared index does not have", async () => {
          await expectStoreError(
            store.query({
              collection: items(),
              where: [{ field: "status", op: "==", value: "done" }],
              orderBy: { field: "createdAt", direction: "asc" },
            }),
            "failed-precondition",
          );
        });

        it("serves single-field and equality-only queries without composite indexes", async () => {
          await seed({ x: { a: 1, b: 2 }, y: { a: 2, b: 2 } }, things());
          const single = await store.query({
            collection: things(),
            where: [{ field: "a", op: ">", value: 0 }, { field: "a", op: "<", value: 5 }],
            orderBy: { field: "a", direction: "desc" },
          });
          expect(ids(single)).toEqual(["y", "x"]);
          const equalities = await store.query({
            collection: things(),
            where: [{ field: "a", op: "==", value: 1 }, { field: "b", op: "in", value: [2, 3] }],
          });
          expect(ids(equalities)).toEqual(["x"]);
        });

        it("needs a composite index for a range on one field with equality on another", async () => {
          await expectStoreError(
            store.query({
              collection: things(),
              where: [{ field: "a", op: "==", value: 1 }, { field: "b", op: ">", value: 1 }],
            }),
            "failed-precondition",
          );
          await seed({ mine: { owner: "u1", createdAt: new Date(2) }, theirs: { owner: "u2", createdAt: new Date(3) } });
          const served = await store.query({
            collection: items(),
            where: [{ field: "owner", op: "==", value: "u1" }, { field: "createdAt", op: ">", value: new Date(1) }],
          });
          expect(ids(served)).toEqual(["mine"]);
        });

        it("needs an arrayConfig CONTAINS index for array-contains with orderBy on another field", async () => {
          await seed({ a: { tags: ["x"], createdAt: new Date(1) }, b: { tags: ["x", "y"], createdAt: new Date(2) } });
          const served = await store.query({
            collection: items(),
            where: [{ field: "tags", op: "array-contains", value: "x" }],
            orderBy: { field: "createdAt", direction: "desc" },
          });
          expect(ids(served)).toEqual(["b", "a"]);
          await expectStoreError(
            store.query({
              collection: things(),
              where: [{ field: "tags", op: "array-contains", value: "x" }],
              orderBy: { field: "createdAt", direction: "desc" },
            }),
            "failed-precondition",
          );
        });

        it("refuses a query on a field whose single-field indexes fieldOverrides removes", async () => {
          await expectStoreError(
            store.query({ collection: things(), where: [{ field: "blob", op: "==", value: "x" }] }),
            "failed-precondition",
          );
          await expectStoreError(
            store.query({ collection: things(), orderBy: { field: "blob.part", direction: "asc" } }),
            "failed-precondition",
          );
        });
      });
    }

    // -----------------------------------------------------------------------------------------
    describe("transactions", () => {
      // Firestore answers contention by aborting and retrying with exponential backoff (from 1 s), so fifty writers of
      // one document take tens of seconds there: the time is the point of the case, not a slowness to hide.
      it("50 concurrent read-modify-write increments end at exactly 50", { timeout: 120_000 }, async () => {
        const counter = item("counter");
        await store.set(counter, { n: 0 });
        const results = await Promise.all(
          Array.from({ length: 50 }, () =>
            store.runTransaction(async (tx) => {
              const snapshot = await tx.get(counter);
              const next = (snapshot?.data.n as number) + 1;
              tx.update(counter, { n: next });
              return next;
            }),
          ),
        );
        expect((await store.get(counter))?.data.n).toBe(50);
        expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      });

      it("is serializable for queries: concurrent check-then-insert admits exactly one", async () => {
        const slots = `${root}/slots`;
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.runTransaction(async (tx) => {
              const taken = await tx.query({ collection: slots, where: [{ field: "taken", op: "==", value: true }] });
              if (taken.docs.length === 0) tx.create(`${slots}/s${i}`, { taken: true });
            }),
          ),
        );
        expect((await store.query({ collection: slots })).docs).toHaveLength(1);
      });

      it("refuses reads after writes, and writes nothing", async () => {
        await expectStoreError(
          store.runTransaction(async (tx) => {
            tx.set(item("a"), { n: 1 });
            await tx.get(item("b"));
          }),
          "invalid-argument",
        );
        expect(await store.get(item("a"))).toBeNull();
      });

      it("writes all or nothing: a throwing function leaves no trace", async () => {
        await store.set(item("a"), { n: 1 });
        await expect(
          store.runTransaction(async (tx) => {
            const a = await tx.get(item("a"));
            tx.update(item("a"), { n: (a?.data.n as number) + 1 });
            tx.set(item("b"), { n: 1 });
            throw new Error("changed my mind");
          }),
        ).rejects.toThrow("changed my mind");
        expect((await store.get(item("a")))?.data).toEqual({ n: 1 });
        expect(await store.get(item("b"))).toBeNull();
      });

      it("commits 500 writes in one transaction, and refuses 501 writing nothing", async () => {
        const many = (n: number) =>
          store.runTransaction(async (tx) => {
            for (let i = 0; i < n; i++) tx.set(item(`n${n}-${i}`), { i });
          });
        await many(500);
        expect((await store.query({ collection: items() })).docs).toHaveLength(500);
        await expectStoreError(many(501), "invalid-argument");
        expect(await store.get(item("n501-0"))).toBeNull();
        expect((await store.query({ collection: items() })).docs).toHaveLength(500);
      });

      it("fails with already-exists for a create on an existing document, writing nothing else", async () => {
        await store.set(item("exists"), { n: 1 });
        await expectStoreError(
          store.runTransaction(async (tx) => {
            tx.set(item("other"), { n: 1 });
            tx.create(item("exists"), { n: 2 });
          }),
          "already-exists",
        );
        expect(await store.get(item("other"))).toBeNull();
        expect((await store.get(item("exists")))?.data).toEqual({ n: 1 });
      });

      it("returns the function's value and applies its writes atomically", async () => {
        await seed({ from: { balance: 10 }, to: { balance: 0 } });
        const moved = await store.runTransaction(async (tx) => {
          const [from, to] = await tx.getAll([item("from"), item("to")]);
          tx.update(item("from"), { balance: (from?.data.balance as number) - 4 });
          tx.update(item("to"), { balance: (to?.data.balance as number) + 4 });
          return 4;
        });
        expect(moved).toBe(4);
        const [from, to] = await store.getAll([item("from"), item("to")]);
        expect([from?.data.balance, to?.data.balance]).toEqual([6, 4]);
      });
    });

    // -----------------------------------------------------------------------------------------
    describe("batches", () => {
      const bulk = () => `${root}/bulk`;

      it("commits a batch of 500 writes", async () => {
        const batch = store.batch();
        for (let i = 0; i < 500; i++) batch.set(`${bulk()}/d${i}`, { i });
        await batch.commit();
        expect((await store.query({ collection: bulk() })).docs).toHaveLength(500);
      });

      it("refuses a batch of 501 writes and writes nothing", async () => {
        const batch = store.batch();
        for (let i = 0; i < 501; i++) batch.set(`${bulk()}/d${i}`, { i });
        await expectStoreError(batch.commit(), "invalid-argument");
        expect((await store.query({ collection: bulk() })).docs).toHaveLength(0);
      });

      it("fails as a whole when one write fails", async () => {
        await store.set(item("exists"), { n: 1 });
        const batch = store.batch();
        batch.set(item("a"), { n: 1 });
        batch.delete(item("exists"));
        batch.update(item("missing"), { n: 2 });
        await expectStoreError(batch.commit(), "not-found");
        expect(await store.get(item("a"))).toBeNull();
        expect(await store.get(item("exists"))).not.toBeNull();
      });

      it("applies several writes to one document in order", async () => {
        const batch = store.batch();
        batch.set(item("a"), { n: 1, m: { x: 1 } });
        batch.update(item("a"), { n: FieldOp.increment(1), "m.y": 2 });
        batch.create(item("b"), { n: 0 });
        batch.delete(item("b"));
        await batch.commit();
        expect((await store.get(item("a")))?.data).toEqual({ n: 2, m: { x: 1, y: 2 } });
        expect(await store.get(item("b"))).toBeNull();
      });
    });

    // -----------------------------------------------------------------------------------------
    describe("document size", () => {
      it("accepts a document of exactly 1 MiB by Firestore's formula and refuses one byte more", async () => {
        const path = item("big");
        const overhead = documentNameSize(path) + stringSize("s") + 32 + 1;
        const fits = "x".repeat(MAX_DOCUMENT_BYTES - overhead);
        await store.set(path, { s: fits });
        await expectStoreError(store.set(path, { s: `${fits}y` }), "invalid-argument");
        expect(((await store.get(path))?.data.s as string).length).toBe(fits.length);
      });

      it("counts maps, arrays, bytes, timestamps, booleans, null, numbers and field names", async () => {
        const path = item("mixed");
        // m: 2 + (k: 2 + 1) + (n: 2 + 1) = 8; arr: 4 + 8 + 8 + ("ab": 3) = 23; b: 2 + bytes.
        const overhead = documentNameSize(path) + 32 + 8 + 23 + 2;
        const data = (bytes: number): DocData => ({
          m: { k: true, n: null },
          arr: [1, new Date(0), "ab"],
          b: new Uint8Array(bytes),
        });
        await expectStoreError(store.create(path, data(MAX_DOCUMENT_BYTES - overhead + 1)), "invalid-argument");
        await store.create(path, data(MAX_DOCUMENT_BYTES - overhead));
      });

      it("refuses an update that would grow a document past 1 MiB and leaves it unchanged", async () => {
        const path = item("growing");
        const overhead = documentNameSize(path) + stringSize("s") + 32 + 1;
        await store.set(path, { s: "x".repeat(MAX_DOCUMENT_BYTES - overhead - 10) });
        await expectStoreError(store.update(path, { t: "y".repeat(20) }), "invalid-argument");
        expect((await store.get(path))?.data.t).toBeUndefined();
      });
    });

    // -----------------------------------------------------------------------------------------
    describe("listCollections", () => {
      it("lists the collections under a document, sorted, whether or not the document exists", async () => {
        await store.set(`${root}/b/x`, { v: 1 });
        await store.set(`${root}/a/y`, { v: 1 });
        await store.set(`${root}/a/y/deep/z`, { v: 1 });
        await store.set(`${root}/ghost/g/sub/s`, { v: 1 });
        expect(await store.listCollections(root)).toEqual(["a", "b", "ghost"]);
        expect(await store.listCollections(`${root}/a/y`)).toEqual(["deep"]);
        expect(await store.listCollections(`${root}/ghost/g`)).toEqual(["sub"]);
        expect(await store.listCollections(`${root}/b/x`)).toEqual([]);
        await store.delete(`${root}/b/x`);
        expect(await store.listCollections(root)).toEqual(["a", "ghost"]);
      });

      it("lists root collections without a path, and refuses a collection path", async () => {
        await store.set(item("one"), { v: 1 });
        expect(await store.listCollections()).toContain(root.split("/")[0]);
        await expect(store.listCollections(items())).rejects.toMatchObject({ code: "invalid-argument" });
      });
    });

    // -----------------------------------------------------------------------------------------
    describe("lifecycle", () => {
      it("ping resolves", async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    // -----------------------------------------------------------------------------------------
    // Only adapters with this trait register these cases (not skipped: they do not apply).
    if (traits.localJournal) {
      describe("local journal", () => {
        function journal(): LocalJournal {
          if (!harness.journal) throw new Error("the harness has no journal");
          return harness.journal;
        }

        it("keeps data across close and reopen, timestamps, bytes, special numbers, updates and deletes included", async () => {
          const data: DocData = {
            at: new Date(Date.UTC(2025, 4, 6, 7, 8, 9, 10)),
            bytes: new Uint8Array([0, 255, 7, 128]),
            nested: { list: [1, "two", { three: new Date(3) }], $t: { $b: "plain" } },
            special: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0],
          };
          await store.set(item("a"), data);
          await store.set(item("b"), { n: 1, drop: true });
          await store.update(item("b"), { n: FieldOp.increment(2), drop: FieldOp.delete() });
          await store.create(item("c"), { n: 1 });
          await store.delete(item("c"));
          const batch = store.batch();
          batch.set(item("d"), { n: 4 });
          batch.set(`${item("d")}/sub/e`, { n: 5 });
          await batch.commit();

          const reopened = await journal().reopen();
          expect((await reopened.get(item("a")))?.data).toEqual(data);
          expect((await reopened.get(item("b")))?.data).toEqual({ n: 3 });
          expect(await reopened.get(item("c"))).toBeNull();
          expect((await reopened.get(`${item("d")}/sub/e`))?.data).toEqual({ n: 5 });
          expect(ids(await reopened.query({ collection: items() }))).toEqual(["a", "b", "d"]);
        });

        it("compaction leaves no trace of a deleted document's content anywhere in its directory", async () => {
          const marker = `secret-${randomUUID()}`;
          await store.set(item("keep"), { note: "kept" });
          await store.set(item("gone"), { note: marker });
          await store.update(item("keep"), { old: `${marker}-overwritten` });
          await store.update(item("keep"), { old: FieldOp.delete() });
          await store.delete(item("gone"));
          expect(anyFileContains(journal().dir, marker), "the marker should be in the journal before compaction").toBe(true);

          await journal().compact();
          expect(anyFileContains(journal().dir, marker)).toBe(false);
          const reopened = await journal().reopen();
          expect(await reopened.get(item("gone"))).toBeNull();
          expect((await reopened.get(item("keep")))?.data).toEqual({ note: "kept" });
        });

        it("compacts by itself once the journal grows to a multiple of the live data", async () => {
          const marker = `version-${randomUUID()}`;
          const blob = "x".repeat(200_000);
          for (let i = 0; i < 12; i++) await store.set(item("big"), { blob, marker: `${marker}-${i}` });
          // Queued behind any compaction the writes above started, so those are finished when it resolves.
          await store.set(item("small"), { n: 1 });
          expect(statSync(journal().file).size).toBeLessThan(MAX_DOCUMENT_BYTES);
          expect(anyFileContains(journal().dir, `${marker}-0"`)).toBe(false);
          const reopened = await journal().reopen();
          expect((await reopened.get(item("big")))?.data.marker).toBe(`${marker}-11`);
        });

        it("ignores a torn last line, and writes after it persist", async () => {
          await store.set(item("a"), { n: 1 });
          const { appendFile } = await import("node:fs/promises");
          const reopened = await journal().reopen(() => appendFile(journal().file, `{"w":[{"p":"${item("torn")}","d":{"n":`));
          expect((await reopened.get(item("a")))?.data).toEqual({ n: 1 });
          expect(await reopened.get(item("torn"))).toBeNull();
          await reopened.set(item("b"), { n: 2 });

          const again = await journal().reopen();
          expect((await again.get(item("a")))?.data).toEqual({ n: 1 });
          expect((await again.get(item("b")))?.data).toEqual({ n: 2 });
          expect(await again.get(item("torn"))).toBeNull();
        });

        it("refuses to open a journal corrupted before its last line", async () => {
          await store.set(item("a"), { n: 1 });
          await store.set(item("b"), { n: 2 });
          const { readFile, writeFile } = await import("node:fs/promises");
          const corrupt = async () => {
            const text = await readFile(journal().file, "utf8");
            await writeFile(journal().file, text.replace('"n":1', '"n":1,,'));
          };
          await expect(journal().reopen(corrupt)).rejects.toThrow(/corrupt/);
        });

        it("refuses every operation once a journal write has failed", async () => {
          await store.set(item("a"), { n: 1 });
          const { rm } = await import("node:fs/promises");
          await rm(journal().dir, { recursive: true, force: true });
          await expectStoreError(journal().compact(), "unavailable");
          await expectStoreError(store.get(item("a")), "unavailable");
          await expectStoreError(store.set(item("b"), { n: 2 }), "unavailable");
        });

        it("fails every operation with unavailable once closed", async () => {
          await store.close();
          await expectStoreError(store.get(item("a")), "unavailable");
          await expectStoreError(store.set(item("a"), { n: 1 }), "unavailable");
          await expectStoreError(store.runTransaction(async () => undefined), "unavailable");
          await expect(store.close()).resolves.toBeUndefined();
        });
      });
    }
  });
}
