/**
 * Work that runs after a response has been sent (webhook ingestion, model cancels). Tracked, so shutdown and
 * tests can wait for it; failures are logged, never thrown. If the process dies first, the reconciler finishes it.
 */
import type { Logger } from "../../ports.ts";

export interface Background {
  run(name: string, work: () => Promise<unknown>): void;
  /** Resolves once everything started so far, and anything that work started in turn, has finished. */
  drain(): Promise<void>;
}

export function createBackground(logger: Logger): Background {
  const running = new Set<Promise<void>>();
  return {
    run(name, work) {
      const task: Promise<void> = Promise.resolve()
        .then(work)
        .then(
          () => undefined,
          (error: unknown) => {
            logger.error("background work failed", { work: name, error: error instanceof Error ? `${error.name}: ${error.message}` : "non-error thrown" });
          },
        )
        .finally(() => running.delete(task));
      running.add(task);
    },
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
