/** The vault envelope: round trips, and every single-bit change or move of a ciphertext fails to open. */
import { randomBytes, randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type Binding, DecryptionError, envelopeOverhead, open, openChunks, seal } from "../../functions/src/core/vault/envelope.ts";

const key = randomBytes(32);
const binding: Binding = { uid: "uAlice0123456789abcdefghij", kind: "image", id: "01jabcdefghjkmnpqrstvwxyz0" };

function expectDecryptionError(fn: () => unknown) {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecryptionError);
  // One message for every failure: nothing about which check failed.
  expect((thrown as Error).message).toBe("The data could not be decrypted.");
}

describe("envelope", () => {
  it("round-trips empty, small and 25 MiB plaintexts", () => {
    for (const size of [0, 1, 16, 4096, 25 * 1024 * 1024]) {
      const plaintext = randomBytes(size);
      const sealed = seal(key, binding, plaintext);
      expect(sealed.length).toBe(size + envelopeOverhead);
      expect(open(key, binding, sealed).equals(plaintext)).toBe(true);
    }
  });

  it("writes a versioned header and a fresh nonce every time", () => {
    const plaintext = Buffer.from("the same bytes");
    const a = seal(key, binding, plaintext);
    const b = seal(key, binding, plaintext);
    expect(a.subarray(0, 4).toString("ascii")).toBe("BEZV");
    expect(a[4]).toBe(1);
    expect(a.subarray(6, 18).equals(b.subarray(6, 18))).toBe(false);
    expect(a.subarray(18).equals(b.subarray(18))).toBe(false);
    // Across many refills of the nonce pool, no nonce repeats.
    const nonces = new Set<string>();
    for (let i = 0; i < 5000; i++) nonces.add(seal(key, binding, plaintext).subarray(6, 18).toString("hex"));
    expect(nonces.size).toBe(5000);
  });

  it("fails on 1000 random single-bit flips across header, nonce, ciphertext and tag", () => {
    const plaintext = randomBytes(2048);
    const sealed = seal(key, binding, plaintext);
    const regions = {
      header: [0, 6],
      nonce: [6, 18],
      ciphertext: [18, sealed.length - 16],
      tag: [sealed.length - 16, sealed.length],
    } as const;
    const names = Object.keys(regions) as (keyof typeof regions)[];
    const hits = { header: 0, nonce: 0, ciphertext: 0, tag: 0 };
    for (let i = 0; i < 1000; i++) {
      // Every region gets a quarter of the flips, whatever its size.
      const region = names[i % names.length] as keyof typeof regions;
      const [start, end] = regions[region];
      const tampered = Buffer.from(sealed);
      const byte = randomInt(start, end);
      tampered[byte] = (tampered[byte] ?? 0) ^ (1 << randomInt(0, 8));
      expectDecryptionError(() => open(key, binding, tampered));
      hits[region]++;
    }
    expect(hits).toEqual({ header: 250, nonce: 250, ciphertext: 250, tag: 250 });
  });

  it("fails when moved to another user, object, or kind, or opened with another key", () => {
    const sealed = seal(key, binding, Buffer.from("a ring, rose gold"));
    expectDecryptionError(() => open(key, { ...binding, uid: "uBob" }, sealed));
    expectDecryptionError(() => open(key, { ...binding, id: "01jother" }, sealed));
    expectDecryptionError(() => open(key, { ...binding, kind: "thumb" }, sealed));
    expectDecryptionError(() => open(randomBytes(32), binding, sealed));
    // Length-prefixed binding: moving characters between uid and id is a different binding.
    expectDecryptionError(() => open(key, { ...binding, uid: binding.uid + binding.id[0], id: binding.id.slice(1) }, sealed));
  });

  it("fails on truncated, extended or empty input", () => {
    const sealed = seal(key, binding, randomBytes(100));
    expectDecryptionError(() => open(key, binding, sealed.subarray(0, sealed.length - 1)));
    expectDecryptionError(() => open(key, binding, Buffer.concat([sealed, Buffer.from([0])])));
    expectDecryptionError(() => open(key, binding, sealed.subarray(0, envelopeOverhead - 1)));
    expectDecryptionError(() => open(key, binding, new Uint8Array(0)));
  });

  it("leaves no trace of a prompt in its ciphertext", () => {
    const prompt = "Platinum solitaire ring with a 2.1 ct oval diamond, client: Maison Example";
    const sealed = seal(key, { uid: binding.uid, kind: "prompt", id: "g1" }, Buffer.from(prompt));
    expect(sealed.includes(Buffer.from(prompt))).toBe(false);
    for (let at = 0; at + 8 <= prompt.length; at++) expect(sealed.includes(Buffer.from(prompt.slice(at, at + 8)))).toBe(false);
    expect(open(key, { uid: binding.uid, kind: "prompt", id: "g1" }, sealed).toString()).toBe(prompt);
  });

  describe("openChunks (a blob stream)", () => {
    /** Splits bytes at random points, including 1-byte pieces around the prefix and the tag. */
    async function* pieces(bytes: Buffer, maxPiece: number): AsyncGenerator<Uint8Array> {
      let at = 0;
      while (at < bytes.length) {
        const size = Math.min(bytes.length - at, randomInt(1, maxPiece + 1));
        yield bytes.subarray(at, at + size);
        at += size;
      }
    }

    it("decrypts however the ciphertext is split", async () => {
      for (const size of [0, 1, 15, 16, 17, 1000, 300_000]) {
        const plaintext = randomBytes(size);
        const sealed = seal(key, binding, plaintext);
        for (const maxPiece of [1, 7, 17, 33, 65536, sealed.length]) {
          const chunks = await openChunks(key, binding, pieces(sealed, maxPiece));
          expect(Buffer.concat(chunks).equals(plaintext)).toBe(true);
        }
      }
    });

    it("fails on bit flips, truncation, extra bytes and moves, releasing nothing", async () => {
      const sealed = seal(key, binding, randomBytes(5000));
      for (let i = 0; i < 200; i++) {
        const tampered = Buffer.from(sealed);
        const byte = randomInt(0, tampered.length);
        tampered[byte] = (tampered[byte] ?? 0) ^ (1 << randomInt(0, 8));
        await expect(openChunks(key, binding, pieces(tampered, 700))).rejects.toBeInstanceOf(DecryptionError);
      }
      for (const bad of [sealed.subarray(0, sealed.length - 1), sealed.subarray(0, 10), Buffer.concat([sealed, Buffer.from([1])]), Buffer.alloc(0)]) {
        await expect(openChunks(key, binding, pieces(bad, 700))).rejects.toBeInstanceOf(DecryptionError);
      }
      await expect(openChunks(key, { ...binding, uid: "uBob" }, pieces(sealed, 700))).rejects.toBeInstanceOf(DecryptionError);
    });

    it("reports a failing read as itself", async () => {
      async function* broken(): AsyncGenerator<Uint8Array> {
        yield seal(key, binding, randomBytes(100)).subarray(0, 50);
        throw new Error("disk on fire");
      }
      await expect(openChunks(key, binding, broken())).rejects.toThrow("disk on fire");
    });
  });
});
