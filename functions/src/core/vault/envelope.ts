/**
 * The vault's envelope: AES-256-GCM on node:crypto, for images, thumbnails, prompts and wrapped data keys.
 *
 *   "BEZV" | version (1) | kind (1) | nonce (12) | ciphertext | tag (16)
 *
 * The nonce is fresh and random per object. The additional data binds the whole header (so the version and kind
 * cannot be swapped), the owner's uid and the object's id, each length-prefixed: a ciphertext copied to another
 * record, another kind or another user fails to open. Plaintext is returned only after the tag has verified.
 */
import { type DecipherGCM, createCipheriv, createDecipheriv, randomFillSync } from "node:crypto";

export type ObjectKind = "image" | "thumb" | "prompt" | "data-key" | "link-owner";

/** Which owner and object a ciphertext belongs to; all of it is authenticated, none of it is stored in the clear. */
export interface Binding {
  uid: string;
  kind: ObjectKind;
  id: string;
}

/** The one error decryption throws. It deliberately says nothing about why (tag, header, key or binding). */
export class DecryptionError extends Error {
  constructor() {
    super("The data could not be decrypted.");
    this.name = "DecryptionError";
  }
}

const MAGIC = Buffer.from("BEZV", "ascii");
const VERSION = 1;
const kindCodes: Record<ObjectKind, number> = { image: 1, thumb: 2, prompt: 3, "data-key": 4, "link-owner": 5 };
const HEADER_BYTES = MAGIC.length + 2;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = "aes-256-gcm";

/** Bytes an envelope adds to its plaintext. */
export const envelopeOverhead = HEADER_BYTES + NONCE_BYTES + TAG_BYTES;

/**
 * Nonces come from a pool of CSPRNG output, refilled when spent and never reused, as Node's randomUUID() does:
 * each randomFillSync call costs a couple of microseconds, a fifth of sealing 16 KiB, so drawing nonces one by one
 * would weigh on small objects. Nonces are public (stored beside the ciphertext), so pooling them exposes nothing.
 */
const noncePool = Buffer.alloc(NONCE_BYTES * 512);
let noncePoolOffset = noncePool.length;

function writeNonce(target: Buffer, at: number): Buffer {
  if (noncePoolOffset === noncePool.length) {
    randomFillSync(noncePool);
    noncePoolOffset = 0;
  }
  noncePool.copy(target, at, noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
  return target.subarray(at, at + NONCE_BYTES);
}

function writeHeader(target: Buffer, kind: ObjectKind): void {
  MAGIC.copy(target, 0);
  target[MAGIC.length] = VERSION;
  target[MAGIC.length + 1] = kindCodes[kind];
}

/**
 * setAAD hands the bytes to OpenSSL at once, so one scratch buffer serves every call (JavaScript runs one call at a
 * time); bindings too long for it get their own.
 */
const aadScratch = Buffer.allocUnsafe(1024);

function additionalData(header: Uint8Array, binding: Binding): Buffer {
  const uidLength = Buffer.byteLength(binding.uid);
  const idLength = Buffer.byteLength(binding.id);
  const length = HEADER_BYTES + 4 + uidLength + idLength;
  const aad = length <= aadScratch.length ? aadScratch.subarray(0, length) : Buffer.allocUnsafe(length);
  aad.set(header.subarray(0, HEADER_BYTES), 0);
  let at = aad.writeUInt16BE(uidLength, HEADER_BYTES);
  at += aad.write(binding.uid, at);
  at = aad.writeUInt16BE(idLength, at);
  aad.write(binding.id, at);
  return aad;
}

/** Encrypts `plaintext` for `binding` under a 32-byte key. */
export function seal(key: Uint8Array, binding: Binding, plaintext: Uint8Array): Buffer {
  const sealed = Buffer.allocUnsafe(envelopeOverhead + plaintext.length);
  writeHeader(sealed, binding.kind);
  const nonce = writeNonce(sealed, HEADER_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(sealed, binding));
  const body = cipher.update(plaintext);
  body.copy(sealed, HEADER_BYTES + NONCE_BYTES);
  cipher.final();
  cipher.getAuthTag().copy(sealed, HEADER_BYTES + NONCE_BYTES + plaintext.length);
  return sealed;
}

/** Decrypts an envelope made by `seal` for the same key and binding; anything else throws DecryptionError. */
export function open(key: Uint8Array, binding: Binding, sealed: Uint8Array): Buffer {
  if (sealed.length < envelopeOverhead || !hasHeader(sealed, binding.kind)) throw new DecryptionError();
  const tagAt = sealed.length - TAG_BYTES;
  let plaintext: Buffer | undefined;
  try {
    const nonce = sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
    const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(sealed, binding));
    decipher.setAuthTag(sealed.subarray(tagAt));
    plaintext = decipher.update(sealed.subarray(HEADER_BYTES + NONCE_BYTES, tagAt));
    decipher.final();
    return plaintext;
  } catch {
    // Unverified plaintext never leaves this function, not even in memory someone else could reuse.
    plaintext?.fill(0);
    throw new DecryptionError();
  }
}

/**
 * `open` for an envelope arriving in chunks (a blob stream), without first joining them into one buffer: each chunk
 * is decrypted as it arrives, but the plaintext chunks are returned only after the tag has verified.
 */
export async function openChunks(key: Uint8Array, binding: Binding, chunks: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const prefixBytes = HEADER_BYTES + NONCE_BYTES;
  const prefix = Buffer.alloc(prefixBytes);
  let prefixFilled = 0;
  let decipher: DecipherGCM | undefined;
  // The last TAG_BYTES seen so far: the tag, unless more ciphertext follows.
  let held: Buffer = Buffer.alloc(0);
  const plaintext: Buffer[] = [];
  const decrypt = (part: Buffer) => {
    if (part.length > 0) plaintext.push(cryptoStep(() => (decipher as DecipherGCM).update(part)));
  };
  try {
    for await (const chunk of chunks) {
      let rest = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (!decipher) {
        const taken = rest.copy(prefix, prefixFilled, 0, prefixBytes - prefixFilled);
        prefixFilled += taken;
        rest = rest.subarray(taken);
        if (prefixFilled < prefixBytes) continue;
        if (!hasHeader(prefix, binding.kind)) throw new DecryptionError();
        decipher = cryptoStep(() => {
          const started = createDecipheriv(ALGORITHM, key, prefix.subarray(HEADER_BYTES), { authTagLength: TAG_BYTES });
          started.setAAD(additionalData(prefix, binding));
          return started;
        });
      }
      if (rest.length < TAG_BYTES) rest = Buffer.concat([held, rest]);
      else decrypt(held);
      if (rest.length <= TAG_BYTES) {
        held = rest;
        continue;
      }
      decrypt(rest.subarray(0, rest.length - TAG_BYTES));
      held = Buffer.from(rest.subarray(rest.length - TAG_BYTES));
    }
    const verifying = decipher;
    if (!verifying || held.length !== TAG_BYTES) throw new DecryptionError();
    cryptoStep(() => {
      verifying.setAuthTag(held);
      verifying.final();
    });
    return plaintext;
  } catch (error) {
    // Nothing decrypted leaves unverified; a failing read is reported as itself, everything else as DecryptionError.
    for (const part of plaintext) part.fill(0);
    throw error;
  }
}

function cryptoStep<T>(step: () => T): T {
  try {
    return step();
  } catch {
    throw new DecryptionError();
  }
}

function hasHeader(sealed: Uint8Array, kind: ObjectKind): boolean {
  for (let i = 0; i < MAGIC.length; i++) if (sealed[i] !== MAGIC[i]) return false;
  return sealed[MAGIC.length] === VERSION && sealed[MAGIC.length + 1] === kindCodes[kind];
}
