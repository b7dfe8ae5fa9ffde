/**
 * ULID-style ids: 48 bits of milliseconds then 80 random bits, in lowercase Crockford base32 (26 chars).
 * They sort by creation time (cheap "newest first" lists) and are unguessable (ids cannot be probed).
 */
import { randomBytes } from "node:crypto";
import type { Clock, Ids } from "../../ports.ts";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = alphabet[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(): string {
  const bytes = randomBytes(16);
  let out = "";
  // 16 symbols × 5 bits = 80 bits; each byte's low 5 bits are uniform.
  for (let i = 0; i < 16; i++) out += alphabet[(bytes[i] ?? 0) & 31];
  return out;
}

export function createIds(clock: Clock): Ids {
  return { next: () => encodeTime(clock.now().getTime()) + encodeRandom() };
}
