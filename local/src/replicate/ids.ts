/** Identifiers shaped like Replicate's: unguessable, lowercase, URL-safe. */
import { createHash, randomBytes } from "node:crypto";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function randomString(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** A prediction id, 26 base32 characters like Replicate's (e.g. "rrr4z55ocneqzikepnug6xezpe"). */
export function predictionId(): string {
  return randomString(BASE32, 26);
}

/** A Standard Webhooks message id (`msg_…`), the same for every retry of one delivery. */
export function messageId(): string {
  return `msg_${randomString(BASE62, 27)}`;
}

/** The unguessable path segment of a prediction's output files (downloads need no token, as on replicate.delivery). */
export function deliveryToken(): string {
  return randomString(BASE62, 32);
}

/** A stable 64-hex version id for a local model, so a pinned version survives restarts. */
export function versionId(model: string, revision: number): string {
  return createHash("sha256").update(`bez-local:${model}:${revision}`).digest("hex");
}
