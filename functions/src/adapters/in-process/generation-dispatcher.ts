/**
 * Dispatches queued generations in this process, for the local server and the tests: woken by the change feed when
 * a request queues one, it runs after that request has been answered. Sound only where the process outlives its
 * requests (never on Cloud Functions, where a Firestore trigger dispatches instead, index.ts). Failures are logged;
 * the reconciler submits whatever stayed queued. `drain()` lets shutdown and tests wait for the dispatches so far.
 */
import type { Logger } from "../../ports.ts";

export interface InProcessDispatcher {
  drain(): Promise<void>;
  stop(): void;
}

export function startInProcessDispatcher(
  onQueued: (listener: (uid: string, generationId: string) => void) => () => void,
  dispatch: (uid: string, generationId: string) => Promise<unknown>,
  logger: Logger,
): InProcessDispatcher {
  const running = new Set<Promise<void>>();
  const stop = onQueued((uid, generationId) => {
    // On the next turn of the event loop: the request that queued it answers first.
    const job: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => dispatch(uid, generationId))
      .then(
        () => undefined,
        (error: unknown) => {
          logger.warn("dispatch failed; the reconciler submits it", { generation: generationId, error: error instanceof Error ? error.name : "error" });
        },
      )
      .finally(() => running.delete(job));
    running.add(job);
  });
  return {
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
    stop,
  };
}
