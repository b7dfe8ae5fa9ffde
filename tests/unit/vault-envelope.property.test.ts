/**
 * Properties of the vault envelope (issue 13, item 10), checked with fast-check over generated plaintexts, bindings
 * and tamperings: it round-trips, and any bit flip, truncation, extension, reordering of its bytes or fields, or move
 * of a ciphertext to another user, object or kind is refused with the one DecryptionError — from `open`, from
 * `openChunks` however the stream is cut, and for wrapped data keys through the key ring. A failure prints
 * fast-check's seed and path, so the counterexample replays.
 */
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Binding, DecryptionError, type ObjectKind, envelopeOverhead, open, openChunks, seal } from "../../functions/src/core/vault/envelope.ts";
import { createStaticKeyRing } from "../../functions/src/adapters/key-ring/static-key-ring.ts";

const runs = { numRuns: 500 };
const kinds: readonly ObjectKind[] = ["image", "thumb", "prompt", "data-key", "link-owner"];
// The envelope's layout: "BEZV" | version | kind | nonce (12) | ciphertext | tag (16).
const nonceAt = 6;
const ciphertextAt = 18;
const tagBytes = 16;

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
// Ids as the app makes them, plus unicode, so length-prefixing is exercised with multi-byte characters.
const idText = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.string({ unit: "grapheme", minLength: 1, maxLength: 12 }));
const binding: fc.Arbitrary<Binding> = fc.record({ uid: idText, kind: fc.constantFrom(...kinds), id: idText });
const plaintext = fc.uint8Array({ maxLength: 2048, size: "max" });
const sealedCase = fc.record({ key, binding, plaintext });

function refuses(fn: () => unknown): boolean {
  try {
    fn();
  } catch (error) {
    // One message whatever failed: nothing about which check it was.
    return error instanceof DecryptionError && error.message === "The data could not be decrypted.";
  }
  return false;
}

/** Cuts `bytes` into pieces at the given fractions of its length (a blob stream arrives in arbitrary chunks). */
async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  const points = [...new Set(cuts.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  let at = 0;
  for (const point of points) {
    if (point > at) yield bytes.subarray(at, point);
    at = Math.max(at, point);
  }
  if (at < bytes.length) yield bytes.subarray(at);
}

async function refusesChunked(k: Uint8Array, b: Binding, bytes: Uint8Array, cuts: readonly number[]): Promise<boolean> {
  try {
    await openChunks(k, b, chunked(bytes, cuts));
  } catch (error) {
    return error instanceof DecryptionError;
  }
  return false;
}

const cuts = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
const differs = (a: Uint8Array, b: Uint8Array) => !Buffer.from(a).equals(Buffer.from(b));

describe("vault envelope properties", () => {
  it("round-trips any plaintext under any binding, whole and however the stream is cut", async () => {
    await fc.assert(
      fc.asyncProperty(sealedCase, cuts, async ({ key: k, binding: b, plaintext: p }, c) => {
        const sealed = seal(k, b, p);
        expect(sealed.length).toBe(p.length + envelopeOverhead);
        expect(open(k, b, sealed).equals(Buffer.from(p))).toBe(true);
        expect(Buffer.concat(await openChunks(k, b, chunked(sealed, c))).equals(Buffer.from(p))).toBe(true);
      }),
      runs,
    );
  });

  it("refuses any single-bit flip anywhere", async () => {
    await fc.assert(
      fc.asyncProperty(sealedCase, fc.nat(), fc.integer({ min: 0, max: 7 }), cuts, async ({ key: k, binding: b, plaintext: p }, at, bit, c) => {
        const tampered = seal(k, b, p);
        const index = at % tampered.length;
        tampered[index] = (tampered[index] ?? 0) ^ (1 << bit);
        expect(refuses(() => open(k, b, tampered))).toBe(true);
        expect(await refusesChunked(k, b, tampered, c)).toBe(true);
      }),
      runs,
    );
  });

  it("refuses any number of flipped bits (any non-zero XOR mask over any range)", () => {
    fc.assert(
      fc.property(sealedCase, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 }), ({ key: k, binding: b, plaintext: p }, at, mask) => {
        fc.pre(mask.some((byte) => byte !== 0));
        const tampered = seal(k, b, p);
        const start = at % tampered.length;
        mask.forEach((byte, i) => {
          const index = (start + i) % tampered.length;
          tampered[index] = (tampered[index] ?? 0) ^ byte;
        });
        expect(refuses(() => open(k, b, tampered))).toBe(true);
      }),
      runs,
    );
  });

  it("refuses any truncation, whole and streamed", async () => {
    await fc.assert(
      fc.asyncProperty(sealedCase, fc.nat(), cuts, async ({ key: k, binding: b, plaintext: p }, keep, c) => {
        const sealed = seal(k, b, p);
        const truncated = sealed.subarray(0, keep % sealed.length);
        expect(refuses(() => open(k, b, truncated))).toBe(true);
        expect(await refusesChunked(k, b, truncated, c)).toBe(true);
        // Cut from the front instead: the header goes first.
        const beheaded = sealed.subarray(1 + (keep % sealed.length));
        expect(refuses(() => open(k, b, beheaded))).toBe(true);
      }),
      runs,
    );
  });

  it("refuses any extension, appended or prepended, whole and streamed", async () => {
    await fc.assert(
      fc.asyncProperty(sealedCase, fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean(), cuts, async ({ key: k, binding: b, plaintext: p }, extra, before, c) => {
        const sealed = seal(k, b, p);
        const extended = before ? Buffer.concat([extra, sealed]) : Buffer.concat([sealed, extra]);
        expect(refuses(() => open(k, b, extended))).toBe(true);
        expect(await refusesChunked(k, b, extended, c)).toBe(true);
      }),
      runs,
    );
  });

  it("refuses any reordering of its bytes: segments permuted, or two ranges swapped", () => {
    fc.assert(
      fc.property(
        sealedCase,
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        ({ key: k, binding: b, plaintext: p }, cutPoints, rotation) => {
          const sealed = seal(k, b, p);
          const points = [...new Set(cutPoints.map((n) => 1 + (n % (sealed.length - 1))))].sort((x, y) => x - y);
          const segments = [0, ...points].map((start, i) => sealed.subarray(start, points[i] ?? sealed.length));
          // A rotation of the segment list, then the first two swapped: a permutation that is never the identity.
          const turn = rotation % segments.length;
          const reordered = [...segments.slice(turn), ...segments.slice(0, turn)];
          if (reordered.length > 1) [reordered[0], reordered[1]] = [reordered[1] as Buffer, reordered[0] as Buffer];
          const shuffled = Buffer.concat(reordered);
          fc.pre(differs(shuffled, sealed));
          expect(refuses(() => open(k, b, shuffled))).toBe(true);
        },
      ),
      runs,
    );
  });

  it("refuses its fields reordered: nonce, ciphertext blocks and tag moved around", () => {
    const layouts = ["tag-before-ciphertext", "nonce-after-ciphertext", "nonce-and-tag-swapped", "blocks-swapped"] as const;
    fc.assert(
      fc.property(sealedCase, fc.constantFrom(...layouts), ({ key: k, binding: b, plaintext: p }, layout) => {
        const sealed = seal(k, b, p);
        const header = sealed.subarray(0, nonceAt);
        const nonce = sealed.subarray(nonceAt, ciphertextAt);
        const body = sealed.subarray(ciphertextAt, sealed.length - tagBytes);
        const tag = sealed.subarray(sealed.length - tagBytes);
        const half = Math.floor(body.length / 32) * 16;
        const moved = {
          "tag-before-ciphertext": () => Buffer.concat([header, nonce, tag, body]),
          "nonce-after-ciphertext": () => Buffer.concat([header, body, nonce, tag]),
          "nonce-and-tag-swapped": () => Buffer.concat([header, tag.subarray(0, 12), body, nonce, tag.subarray(12)]),
          "blocks-swapped": () => Buffer.concat([header, nonce, body.subarray(half), body.subarray(0, half), tag]),
        }[layout]();
        fc.pre(differs(moved, sealed));
        expect(refuses(() => open(k, b, moved))).toBe(true);
      }),
      runs,
    );
  });

  it("refuses a ciphertext moved to another user, object or kind, even under the same key", async () => {
    await fc.assert(
      fc.asyncProperty(sealedCase, binding, cuts, async ({ key: k, binding: from, plaintext: p }, to, c) => {
        fc.pre(from.uid !== to.uid || from.id !== to.id || from.kind !== to.kind);
        const sealed = seal(k, from, p);
        expect(refuses(() => open(k, to, sealed))).toBe(true);
        expect(await refusesChunked(k, to, sealed, c)).toBe(true);
      }),
      runs,
    );
  });

  it("refuses a ciphertext swapped between two users' images: each user's record and key, the other's bytes", () => {
    fc.assert(
      fc.property(key, key, idText, idText, idText, idText, plaintext, plaintext, (keyA, keyB, uidA, uidB, imageA, imageB, pa, pb) => {
        fc.pre(uidA !== uidB || imageA !== imageB);
        const a: Binding = { uid: uidA, kind: "image", id: imageA };
        const b: Binding = { uid: uidB, kind: "image", id: imageB };
        const sealedA = seal(keyA, a, pa);
        const sealedB = seal(keyB, b, pb);
        expect(refuses(() => open(keyA, a, sealedB))).toBe(true);
        expect(refuses(() => open(keyB, b, sealedA))).toBe(true);
        // The same user's own key does not help a moved image either.
        expect(refuses(() => open(keyA, { ...a, id: imageB }, sealedA))).toBe(imageA !== imageB);
      }),
      runs,
    );
  });

  it("refuses another key", () => {
    fc.assert(
      fc.property(sealedCase, key, ({ key: k, binding: b, plaintext: p }, other) => {
        fc.pre(differs(k, other));
        expect(refuses(() => open(other, b, seal(k, b, p)))).toBe(true);
      }),
      runs,
    );
  });

  it("refuses a wrapped data key moved to another user, relabelled with another KEK, or tampered", async () => {
    const ring = createStaticKeyRing([
      { id: "k2", key: randomBytes(32) },
      { id: "k1", key: randomBytes(32) },
    ]);
    const unwrapRefused = async (uid: string, wrapped: { kekId: string; wrapped: Uint8Array }) =>
      ring.unwrap(uid, wrapped).then(
        () => false,
        (error: unknown) => error instanceof DecryptionError,
      );
    await fc.assert(
      fc.asyncProperty(idText, idText, fc.nat(), fc.integer({ min: 0, max: 7 }), async (uid, otherUid, at, bit) => {
        fc.pre(uid !== otherUid);
        const dataKey = randomBytes(32);
        const wrapped = await ring.wrap(uid, dataKey);
        expect(Buffer.from(await ring.unwrap(uid, wrapped)).equals(dataKey)).toBe(true);
        expect(await unwrapRefused(otherUid, wrapped)).toBe(true);
        expect(await unwrapRefused(uid, { ...wrapped, kekId: "k1" })).toBe(true);
        const flipped = Buffer.from(wrapped.wrapped);
        const index = at % flipped.length;
        flipped[index] = (flipped[index] ?? 0) ^ (1 << bit);
        expect(await unwrapRefused(uid, { ...wrapped, wrapped: flipped })).toBe(true);
      }),
      runs,
    );
  });
});
