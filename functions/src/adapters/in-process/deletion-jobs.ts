/**
 * DeletionJobs without a queue service, for the local server and the tests: each job starts at once in this
 * process, after the request that enqueued it has been answered. That is sound only where the process outlives
 * its requests (never on Cloud Functions, which throttles the CPU after a response). Failures are logged; the
 * deletion sweeper retries them. `drain()` lets shutdown and tests wait for the jobs started so far.
 */
import type { DeletionJobs, Logger } from "../../ports.ts";

export interface InProcessDeletionJobs extends DeletionJobs {
  drain(): Promise<void>;
}

export function createInProcessDeletionJobs(run: (deletionId: string) => Promise<unknown>, logger: Logger): InProcessDeletionJobs {
  const running = new Set<Promise<void>>();
  return {
    async enqueue(deletionId) {
      const job: Promise<void> = Promise.resolve()
        .then(() => run(deletionId))
        .then(
          () => undefined,
          (error: unknown) => {
            logger.error("deletion job failed; the sweeper retries it", { deletionId, error: error instanceof Error ? error.name : "error" });
          },
        )
        .finally(() => running.delete(job));
      running.add(job);
    },
    async drain() {
      while (running.size > 0) await Promise.all(running);
    },
  };
}
