/**
 * A KeyRing over KEKs held in process memory (from BEZ_KEKS, or the local stack's development file). Data keys are
 * wrapped with the vault's envelope (AES-256-GCM, fresh nonce) under the newest KEK, bound to the user's uid and
 * the KEK's id, so a wrapped key moved to another user or relabelled with another KEK id does not unwrap.
 */
import { open, seal } from "../../core/vault/envelope.ts";
import type { KeyRing, WrappedKey } from "../../ports.ts";

export interface Kek {
  id: string;
  /** 32 bytes. */
  key: Uint8Array;
}

export function createStaticKeyRing(keks: readonly Kek[]): KeyRing {
  const [active] = keks;
  if (!active) throw new Error("a key ring needs at least one KEK");
  const byId = new Map(keks.map((kek) => [kek.id, kek.key]));
  return {
    activeKekId: active.id,
    async wrap(uid, dataKey): Promise<WrappedKey> {
      return { kekId: active.id, wrapped: seal(active.key, { uid, kind: "data-key", id: active.id }, dataKey) };
    },
    async unwrap(uid, { kekId, wrapped }): Promise<Uint8Array> {
      const kek = byId.get(kekId);
      // An operator error, not tampering: say which KEK (ids are not secret) so the fix is obvious.
      if (!kek) throw new Error(`The key ring has no KEK "${kekId}": keep it in BEZ_KEKS until rotate-keks has finished.`);
      return open(kek, { uid, kind: "data-key", id: kekId }, wrapped);
    },
  };
}
