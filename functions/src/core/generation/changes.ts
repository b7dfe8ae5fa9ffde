/**
 * In-process news about generations. `notify`: a generation changed, so an events stream watching it in this process
 * sends the change at once instead of at its next poll (changes made by other instances still reach a stream by
 * polling, sse.ts). `queued`: a generation was stored and waits for its dispatch to the model; the in-process
 * dispatcher listens (locally), while on Cloud Functions a trigger on the stored document does that work instead.
 */
export interface GenerationChanges {
  notify(uid: string, generationId: string): void;
  /** Calls `listener` on every change of that generation until the returned function is called. */
  subscribe(uid: string, generationId: string, listener: () => void): () => void;
  queued(uid: string, generationId: string): void;
  /** Calls `listener` for every generation queued in this process until the returned function is called. */
  onQueued(listener: (uid: string, generationId: string) => void): () => void;
}

export function createGenerationChanges(): GenerationChanges {
  const listeners = new Map<string, Set<() => void>>();
  const queuedListeners = new Set<(uid: string, generationId: string) => void>();
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
    queued(uid, generationId) {
      for (const listener of queuedListeners) listener(uid, generationId);
    },
    onQueued(listener) {
      queuedListeners.add(listener);
      return () => queuedListeners.delete(listener);
    },
  };
}
