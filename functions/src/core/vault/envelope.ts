/**
 * The vault's envelope: AES-256-GCM on node:crypto, for images, thumbnails, prompts and wrapped data keys.
 *
 *   "BEZV" | version (1) | kind (1) | nonce (12) | ciphertext | tag (16)
 *
 * The nonce is fresh and random per object. The additional data binds the whole header (so the version and kind
 * cannot be swapped), the owner's uid and the object's id, each length-prefixed: a ciphertext copied to another
 * record, another kind or another user fails to open. Plaintext is returned only after the tag has verified.
 */
import { createCipheriv, createDecipheriv, randomFillSync } from "node:crypto";

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

function writeHeader(target: Buffer, kind: ObjectKind): void {
  MAGIC.copy(target, 0);
  target[MAGIC.length] = VERSION;
  target[MAGIC.length + 1] = kindCodes[kind];
}

function additionalData(header: Uint8Array, binding: Binding): Buffer {
  const uidLength = Buffer.byteLength(binding.uid);
  const idLength = Buffer.byteLength(binding.id);
  const aad = Buffer.allocUnsafe(HEADER_BYTES + 4 + uidLength + idLength);
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
  const nonce = randomFillSync(sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES));
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

function hasHeader(sealed: Uint8Array, kind: ObjectKind): boolean {
  for (let i = 0; i < MAGIC.length; i++) if (sealed[i] !== MAGIC[i]) return false;
  return sealed[MAGIC.length] === VERSION && sealed[MAGIC.length + 1] === kindCodes[kind];
}
