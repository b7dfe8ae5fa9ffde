/**
 * In-process news that a generation changed, so an events stream watching it in this process sends the change at
 * once instead of at its next poll. Changes made by other instances still reach a stream by polling (sse.ts).
 */
export interface GenerationChanges {
  notify(uid: string, generationId: string): void;
  /** Calls `listener` on every change of that generation until the returned function is called. */
  subscribe(uid: string, generationId: string, listener: () => void): () => void;
}

export function createGenerationChanges(): GenerationChanges {
  const listeners = new Map<string, Set<() => void>>();
  const keyOf = (uid: string, generationId: string) => `${uid}/${generationId}`;
  return {
    notify(uid, generationId) {
      for (const listener of listeners.get(keyOf(uid, generationId)) ?? []) listener();
    },
    subscribe(uid, generationId, listener) {
      const key = keyOf(uid, generationId);
      const set = listeners.get(key) ?? new Set();
      set.add(listener);
      listeners.set(key, set);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(key) === set) listeners.delete(key);
      };
    },
  };
}
