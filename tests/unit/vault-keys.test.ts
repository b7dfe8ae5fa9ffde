/** The key ring and per-user data keys: wrapping, rotation (rotate-keks), lazy creation, caching, destruction. */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import indexes from "../../firestore.indexes.json" with { type: "json" };
import { createEmbeddedStore, type EmbeddedDocumentStore } from "../../functions/src/adapters/embedded-store/index.ts";
import { createStaticKeyRing, type Kek } from "../../functions/src/adapters/key-ring/static-key-ring.ts";
import { type DataKeyDoc, createDataKeys, dataKeyPath, rewrapDataKeys } from "../../functions/src/core/vault/data-keys.ts";
import { DecryptionError, open, seal } from "../../functions/src/core/vault/envelope.ts";
import type { Clock, KeyRing } from "../../functions/src/ports.ts";

const kek = (id: string): Kek => ({ id, key: randomBytes(32) });
const oldKek = kek("kek-2025");
const newKek = kek("kek-2026");

let dir: string;
let store: EmbeddedDocumentStore;
let now = Date.parse("2026-11-22T12:00:00Z");
const clock: Clock = { now: () => new Date(now) };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bez-keys-"));
  store = await createEmbeddedStore({ dir, indexes });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

/** Counts unwraps, to show the cache spares the key ring. */
function counting(ring: KeyRing): KeyRing & { unwraps: number } {
  const counted = {
    activeKekId: ring.activeKekId,
    unwraps: 0,
    wrap: ring.wrap.bind(ring),
    async unwrap(uid: string, key: Parameters<KeyRing["unwrap"]>[1]) {
      counted.unwraps++;
      return ring.unwrap(uid, key);
    },
  };
  return counted;
}

const storedKekId = async (uid: string) => ((await store.get(dataKeyPath(uid)))?.data as DataKeyDoc | undefined)?.kekId;

describe("static key ring", () => {
  it("wraps under the newest KEK, bound to the user and the KEK id", async () => {
    const ring = createStaticKeyRing([newKek, oldKek]);
    const dataKey = randomBytes(32);
    const wrapped = await ring.wrap("alice", dataKey);
    expect(wrapped.kekId).toBe("kek-2026");
    expect(Buffer.from(wrapped.wrapped).includes(dataKey)).toBe(false);
    expect(Buffer.from(await ring.unwrap("alice", wrapped)).equals(dataKey)).toBe(true);
    await expect(ring.unwrap("bob", wrapped)).rejects.toBeInstanceOf(DecryptionError);
    // Relabelled as wrapped by the other KEK: the id is in the binding, so it fails even before the key differs.
    await expect(ring.unwrap("alice", { ...wrapped, kekId: "kek-2025" })).rejects.toBeInstanceOf(DecryptionError);
  });

  it("fails with a wrong KEK under the same id, and names a missing KEK id", async () => {
    const wrapped = await createStaticKeyRing([oldKek]).wrap("alice", randomBytes(32));
    await expect(createStaticKeyRing([kek("kek-2025")]).unwrap("alice", wrapped)).rejects.toBeInstanceOf(DecryptionError);
    await expect(createStaticKeyRing([newKek]).unwrap("alice", wrapped)).rejects.toThrow(/no KEK "kek-2025"/);
  });
});

describe("KEK rotation", () => {
  it("keeps old data readable, wraps new keys with the new KEK, and re-wraps everything resumably", async () => {
    const before = createDataKeys({ store, keyRing: createStaticKeyRing([oldKek]), clock });
    const users = ["u1", "u2", "u3", "u4", "u5"];
    const sealed = new Map<string, Buffer>();
    for (const uid of users) {
      sealed.set(uid, seal(await before.obtain(uid), { uid, kind: "image", id: "img" }, Buffer.from(`photo of ${uid}`)));
      expect(await storedKekId(uid)).toBe("kek-2025");
    }

    // Deploy with the new KEK first: old keys still unwrap, a new user's key is wrapped by the new KEK.
    const rotated = createStaticKeyRing([newKek, oldKek]);
    const after = createDataKeys({ store, keyRing: rotated, clock });
    for (const uid of users) {
      expect(open(await after.obtain(uid), { uid, kind: "image", id: "img" }, sealed.get(uid) as Buffer).toString()).toBe(`photo of ${uid}`);
    }
    await after.obtain("newcomer");
    expect(await storedKekId("newcomer")).toBe("kek-2026");

    // rotate-keks, interrupted after two re-wraps…
    let wrapsLeft = 2;
    const flaky: KeyRing = {
      activeKekId: rotated.activeKekId,
      unwrap: (uid, key) => rotated.unwrap(uid, key),
      wrap: (uid, key) => (wrapsLeft-- > 0 ? rotated.wrap(uid, key) : Promise.reject(new Error("KMS unavailable"))),
    };
    await expect(rewrapDataKeys({ store, keyRing: flaky }, { pageSize: 2 })).rejects.toThrow("KMS unavailable");
    const done = (await Promise.all(users.map(storedKekId))).filter((id) => id === "kek-2026").length;
    expect(done).toBe(2);

    // …then re-run: it skips what is done and finishes the rest.
    const report = await rewrapDataKeys({ store, keyRing: rotated }, { pageSize: 2 });
    expect(report).toEqual({ scanned: 6, rewrapped: 3, alreadyCurrent: 3 });
    expect(await Promise.all([...users, "newcomer"].map(storedKekId))).toEqual(Array(6).fill("kek-2026"));
    expect(await rewrapDataKeys({ store, keyRing: rotated })).toEqual({ scanned: 6, rewrapped: 0, alreadyCurrent: 6 });

    // The old KEK can now leave the ring: every old ciphertext still opens.
    const newOnly = createDataKeys({ store, keyRing: createStaticKeyRing([newKek]), clock });
    for (const uid of users) {
      expect(open(await newOnly.obtain(uid), { uid, kind: "image", id: "img" }, sealed.get(uid) as Buffer).toString()).toBe(`photo of ${uid}`);
    }
  });
});

describe("data keys", () => {
  it("end with one key when first uses race, in one process or several", async () => {
    const ring = createStaticKeyRing([newKek]);
    const instances = [1, 2, 3].map(() => createDataKeys({ store, keyRing: ring, clock }));
    const keys = await Promise.all(instances.flatMap((keys) => [keys.obtain("racer"), keys.obtain("racer"), keys.obtain("racer")]));
    const distinct = new Set(keys.map((k) => Buffer.from(k).toString("hex")));
    expect(distinct.size).toBe(1);
    expect((await store.query({ collection: "keys" })).docs).toHaveLength(1);
  });

  it("finds nothing for a user without a key, and creates none", async () => {
    const keys = createDataKeys({ store, keyRing: createStaticKeyRing([newKek]), clock });
    expect(await keys.find("nobody")).toBeNull();
    expect(await store.get(dataKeyPath("nobody"))).toBeNull();
  });

  it("caches unwrapped keys briefly", async () => {
    const ring = counting(createStaticKeyRing([newKek]));
    const writer = createDataKeys({ store, keyRing: ring, clock });
    await writer.obtain("alice");
    const reader = createDataKeys({ store, keyRing: ring, clock }, { ttlMs: 60_000, maxEntries: 2 });
    for (let i = 0; i < 5; i++) await reader.find("alice");
    expect(ring.unwraps).toBe(1);
    now += 61_000;
    await reader.find("alice");
    expect(ring.unwraps).toBe(2);
    // Least recently used entries leave first when the cache is full.
    await writer.obtain("bob");
    await writer.obtain("carol");
    await reader.find("bob");
    await reader.find("carol");
    const unwraps = ring.unwraps;
    await reader.find("alice");
    expect(ring.unwraps).toBe(unwraps + 1);
  });

  it("stops working once destroyed, here at once and elsewhere after forget (or the TTL)", async () => {
    const ring = createStaticKeyRing([newKek]);
    const here = createDataKeys({ store, keyRing: ring, clock });
    const elsewhere = createDataKeys({ store, keyRing: ring, clock });
    const original = Buffer.from(await here.obtain("alice"));
    expect(Buffer.from((await elsewhere.find("alice")) as Uint8Array).equals(original)).toBe(true);

    await here.destroy("alice");
    expect(await here.find("alice")).toBeNull();
    expect(await elsewhere.find("alice")).not.toBeNull();
    elsewhere.forget("alice");
    expect(await elsewhere.find("alice")).toBeNull();

    const fresh = Buffer.from(await here.obtain("alice"));
    expect(fresh.equals(original)).toBe(false);
  });
});
