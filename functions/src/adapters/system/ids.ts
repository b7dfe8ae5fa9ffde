/**
 * ULID-style ids: 48 bits of milliseconds then 80 random bits, in lowercase Crockford base32 (26 chars).
 * They sort by creation time (cheap "newest first" lists) and are unguessable (ids cannot be probed).
 * Within one millisecond a process's ids still sort in creation order: the random part grows by a fresh random
 * step of up to 2^48 instead of being drawn anew, so order is kept without making the next id guessable.
 */
import { randomFillSync } from "node:crypto";
import type { Clock, Ids } from "../../ports.ts";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
const randomBits = 80n;
const randomSpace = 1n << randomBits;

function encode(value: bigint, symbols: number): string {
  let out = "";
  for (let i = 0; i < symbols; i++) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * CSPRNG output drawn 4 KiB at a time and never reused, as Node's randomUUID() does: one draw per id cost a
 * create's request more CPU (profiled) than the rest of making the id.
 */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomBigInt(bytes: number): bigint {
  if (poolAt + bytes > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const hex = pool.toString("hex", poolAt, poolAt + bytes);
  poolAt += bytes;
  return BigInt(`0x${hex}`);
}

export function createIds(clock: Clock): Ids {
  let lastMs = -1;
  let lastRandom = 0n;
  return {
    next() {
      const now = clock.now().getTime();
      const step = randomBigInt(6) + 1n;
      // Same millisecond (or a clock that stepped back): keep the last time and move the random part forward,
      // unless that would overflow, in which case a fresh draw is as good as any.
      if (now <= lastMs && lastRandom + step < randomSpace) {
        lastRandom += step;
      } else {
        lastMs = Math.max(now, lastMs);
        lastRandom = randomBigInt(10);
      }
      return encode(BigInt(lastMs), 10) + encode(lastRandom, 16);
    },
  };
}
