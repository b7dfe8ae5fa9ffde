/**
 * ULID-style ids: 48 bits of milliseconds then 80 random bits, in lowercase Crockford base32 (26 chars).
 * They sort by creation time (cheap "newest first" lists) and are unguessable (ids cannot be probed).
 * Within one millisecond a process's ids still sort in creation order: the random part grows by a fresh random
 * step of up to 2^48 instead of being drawn anew, so order is kept without making the next id guessable.
 */
import { randomBytes } from "node:crypto";
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

const randomBigInt = (bytes: number) => BigInt(`0x${randomBytes(bytes).toString("hex")}`);

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
