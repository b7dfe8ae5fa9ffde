/**
 * The BlobStore contract: every adapter must pass it, so the embedded stack behaves like production.
 * Each case gets fresh, empty storage from the harness.
 */
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { BlobStore } from "../../functions/src/ports.ts";

export interface BlobStoreHarness {
  store: BlobStore;
  /** A new adapter instance over the same storage, as after a process restart. */
  reopen(): Promise<BlobStore>;
  /**
   * Runs put(key, `size` bytes of `fill`) in a child process and SIGKILLs it while the write is in flight.
   * Throws if the put finished before it could be killed (then the case would prove nothing).
   */
  killDuringPut(key: string, size: number, fill: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** Big enough that the write takes far longer than delivering a SIGKILL. */
const CRASH_PUT_SIZE = 64 * 1024 * 1024;
const CRASH_FILL = 0x5a;

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function read(store: BlobStore, key: string): Promise<Buffer | null> {
  const stream = await store.get(key);
  return stream === null ? null : readAll(stream);
}

/** Compares bytes without handing vitest megabytes to diff. */
function expectBytes(actual: Buffer | null, expected: Uint8Array): void {
  expect(actual, "blob is missing").not.toBeNull();
  expect(actual?.length, "blob length").toBe(expected.length);
  expect(actual?.equals(expected), "blob bytes differ").toBe(true);
}

function filled(size: number, fill: number): Buffer {
  return Buffer.alloc(size, fill);
}

function isCompleteFill(bytes: Buffer, size: number, fill: number): boolean {
  return bytes.length === size && bytes.every((byte) => byte === fill);
}

export function blobStoreContract(name: string, makeStore: () => Promise<BlobStoreHarness>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let harness: BlobStoreHarness;
    let store: BlobStore;

    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
    });

    afterEach(async () => {
      await harness.cleanup();
    });

    it("round-trips every byte value", async () => {
      const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
      await store.put("u/abc/images/1", data, "image/png");
      expectBytes(await read(store, "u/abc/images/1"), data);
    });

    it("round-trips an empty blob", async () => {
      await store.put("u/abc/images/empty", new Uint8Array(0));
      expect(await store.exists("u/abc/images/empty")).toBe(true);
      expectBytes(await read(store, "u/abc/images/empty"), new Uint8Array(0));
    });

    it("round-trips 5 MB of random bytes", async () => {
      const data = randomBytes(5 * 1024 * 1024);
      await store.put("u/abc/images/big", data);
      expectBytes(await read(store, "u/abc/images/big"), data);
    });

    it("accepts a view into a larger buffer and stores only the view", async () => {
      const backing = Buffer.from("xxxxhelloyyyy");
      const view = new Uint8Array(backing.buffer, backing.byteOffset + 4, 5);
      await store.put("u/abc/images/view", view);
      expectBytes(await read(store, "u/abc/images/view"), Buffer.from("hello"));
    });

    it("overwrites a blob wholly, longer then shorter", async () => {
      await store.put("u/abc/images/1", filled(1000, 1));
      await store.put("u/abc/images/1", filled(3000, 2));
      expectBytes(await read(store, "u/abc/images/1"), filled(3000, 2));
      await store.put("u/abc/images/1", filled(10, 3));
      expectBytes(await read(store, "u/abc/images/1"), filled(10, 3));
    });

    it("returns null for a missing key", async () => {
      expect(await store.get("u/abc/images/missing")).toBeNull();
      expect(await store.get("nothing-here")).toBeNull();
    });

    it("reports existence before and after delete", async () => {
      expect(await store.exists("u/abc/images/1")).toBe(false);
      await store.put("u/abc/images/1", filled(5, 1));
      expect(await store.exists("u/abc/images/1")).toBe(true);
      expect(await store.exists("u/abc/images")).toBe(false);
      await store.delete("u/abc/images/1");
      expect(await store.exists("u/abc/images/1")).toBe(false);
    });

    it("delete returns true once, then false", async () => {
      await store.put("u/abc/images/1", filled(5, 1));
      expect(await store.delete("u/abc/images/1")).toBe(true);
      expect(await store.delete("u/abc/images/1")).toBe(false);
      expect(await store.get("u/abc/images/1")).toBeNull();
      expect(await store.delete("u/never/images/1")).toBe(false);
    });

    it("lists every key under a prefix, nested ones included, sorted", async () => {
      const keys = ["u/abc/thumbs/2", "u/abc/images/b", "u/abc/images/a", "u/abc/images/a.b", "u/abc/images/a-b"];
      for (const key of keys) await store.put(key, filled(1, 1));
      await store.put("u/other/images/a", filled(1, 1));
      await store.put("v/abc/images/a", filled(1, 1));

      expect(await store.list("u/abc/")).toEqual([
        "u/abc/images/a",
        "u/abc/images/a-b",
        "u/abc/images/a.b",
        "u/abc/images/b",
        "u/abc/thumbs/2",
      ]);
      expect(await store.list("u/abc/images/")).toEqual([
        "u/abc/images/a",
        "u/abc/images/a-b",
        "u/abc/images/a.b",
        "u/abc/images/b",
      ]);
      expect(await store.list("u/")).toHaveLength(6);
      expect(await store.list("u/nobody/")).toEqual([]);
    });

    it("keeps a key and a longer key under it apart", async () => {
      await store.put("a/b", filled(2, 1));
      await store.put("a/b/c", filled(3, 2));
      expectBytes(await read(store, "a/b"), filled(2, 1));
      expectBytes(await read(store, "a/b/c"), filled(3, 2));
      expect(await store.list("a/")).toEqual(["a/b", "a/b/c"]);
      expect(await store.list("a/b/")).toEqual(["a/b/c"]);
      expect(await store.deleteByPrefix("a/b/")).toBe(1);
      expectBytes(await read(store, "a/b"), filled(2, 1));
    });

    it("never lets u/abc/ match u/abcd/ when listing", async () => {
      await store.put("u/abc/images/1", filled(1, 1));
      await store.put("u/abcd/images/1", filled(1, 2));
      await store.put("u/abc.d/images/1", filled(1, 3));
      expect(await store.list("u/abc/")).toEqual(["u/abc/images/1"]);
      expect(await store.list("u/abcd/")).toEqual(["u/abcd/images/1"]);
    });

    it("never lets u/abc/ match u/abcd/ when deleting by prefix", async () => {
      await store.put("u/abc/images/1", filled(1, 1));
      await store.put("u/abc/thumbs/1", filled(1, 1));
      await store.put("u/abcd/images/1", filled(1, 2));
      expect(await store.deleteByPrefix("u/abc/")).toBe(2);
      expect(await store.list("u/abc/")).toEqual([]);
      expect(await store.exists("u/abc/images/1")).toBe(false);
      expectBytes(await read(store, "u/abcd/images/1"), filled(1, 2));
    });

    it("deleteByPrefix returns 0 when nothing matches, and the prefix can be filled again", async () => {
      expect(await store.deleteByPrefix("u/nobody/")).toBe(0);
      await store.put("u/abc/images/1", filled(1, 1));
      expect(await store.deleteByPrefix("u/abc/")).toBe(1);
      await store.put("u/abc/images/2", filled(1, 2));
      expect(await store.list("u/abc/")).toEqual(["u/abc/images/2"]);
    });

    it("refuses a prefix without a trailing slash", async () => {
      await store.put("u/abc/images/1", filled(1, 1));
      for (const prefix of ["u/abc", "u", "", "u/abc/images/1"]) {
        await expect(store.list(prefix), prefix).rejects.toThrow(/must end in "\/"/);
        await expect(store.deleteByPrefix(prefix), prefix).rejects.toThrow(/must end in "\/"/);
      }
      for (const prefix of ["/", "/u/", "u//", "../", "u/../"]) {
        await expect(store.list(prefix), prefix).rejects.toThrow(/Invalid blob prefix/);
        await expect(store.deleteByPrefix(prefix), prefix).rejects.toThrow(/Invalid blob prefix/);
      }
      expect(await store.exists("u/abc/images/1")).toBe(true);
    });

    it("refuses bad keys in every operation", async () => {
      const badKeys = ["../x", "/x", "a//b", "a/", "", "a/../b", "a/./b", ".", "a b", "a\\b", "é", "a/b?c"];
      for (const key of badKeys) {
        await expect(store.put(key, filled(1, 1)), key).rejects.toThrow(/Invalid blob key/);
        await expect(store.get(key), key).rejects.toThrow(/Invalid blob key/);
        await expect(store.exists(key), key).rejects.toThrow(/Invalid blob key/);
        await expect(store.delete(key), key).rejects.toThrow(/Invalid blob key/);
      }
      await expect(store.put("a".repeat(1025), filled(1, 1))).rejects.toThrow(/longer than/);
      expect(await store.list("a/")).toEqual([]);
    });

    it("leaves exactly one complete value after concurrent puts to one key", async () => {
      const size = 256 * 1024;
      await Promise.all(Array.from({ length: 8 }, (_, i) => store.put("u/abc/images/race", filled(size, i + 1))));
      const result = await read(store, "u/abc/images/race");
      expect(result?.length).toBe(size);
      const fill = result?.[0] ?? 0;
      expect(fill).toBeGreaterThanOrEqual(1);
      expect(fill).toBeLessThanOrEqual(8);
      expect(result !== null && isCompleteFill(result, size, fill)).toBe(true);
      expect(await store.list("u/abc/")).toEqual(["u/abc/images/race"]);
    });

    it("readers see the old or the new value while a key is overwritten, never a mix", async () => {
      const size = 1024 * 1024;
      const [a, b] = [filled(size, 0xaa), filled(size, 0xbb)];
      await store.put("u/abc/images/flip", a);
      let stop = false;
      let writing = true;
      const writer = (async () => {
        try {
          for (let i = 0; i < 20 && !stop; i++) await store.put("u/abc/images/flip", i % 2 === 0 ? b : a);
        } finally {
          writing = false;
        }
      })();
      try {
        let reads = 0;
        while (writing || reads < 5) {
          const seen = await read(store, "u/abc/images/flip");
          expect(seen !== null && (seen.equals(a) || seen.equals(b)), "a read saw a torn blob").toBe(true);
          reads += 1;
        }
      } finally {
        // A failed read must not leave the writer running into the next case's store.
        stop = true;
        await writer;
      }
    });

    it("keeps blobs across a restart", async () => {
      const data = randomBytes(10_000);
      await store.put("u/abc/images/1", data);
      await store.put("u/abc/thumbs/1", filled(3, 7));
      const reopened = await harness.reopen();
      expectBytes(await read(reopened, "u/abc/images/1"), data);
      expect(await reopened.list("u/abc/")).toEqual(["u/abc/images/1", "u/abc/thumbs/1"]);
    });

    it("a put killed mid-write leaves the old blob, and no temp file in list", async () => {
      const old = randomBytes(4096);
      await store.put("u/abc/images/crash", old);
      await harness.killDuringPut("u/abc/images/crash", CRASH_PUT_SIZE, CRASH_FILL);

      for (const current of [store, await harness.reopen()]) {
        const after = await read(current, "u/abc/images/crash");
        // The kill landed before the commit, so the old blob stays; a completed put would be whole too.
        const intact = after !== null && (after.equals(old) || isCompleteFill(after, CRASH_PUT_SIZE, CRASH_FILL));
        expect(intact, "the crashed put left a torn or missing blob").toBe(true);
        expect(await current.list("u/abc/")).toEqual(["u/abc/images/crash"]);
      }
    });

    it("a first put killed mid-write leaves nothing, and no temp file in list", async () => {
      await harness.killDuringPut("u/abc/images/fresh", CRASH_PUT_SIZE, CRASH_FILL);

      for (const current of [store, await harness.reopen()]) {
        const after = await read(current, "u/abc/images/fresh");
        const intact = after === null || isCompleteFill(after, CRASH_PUT_SIZE, CRASH_FILL);
        expect(intact, "the crashed put left a torn blob").toBe(true);
        expect(await current.list("u/abc/")).toEqual(after === null ? [] : ["u/abc/images/fresh"]);
      }
    });

    it("answers ping", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
