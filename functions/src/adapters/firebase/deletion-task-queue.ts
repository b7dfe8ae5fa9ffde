/**
 * DeletionJobs on a Cloud Tasks queue through firebase-admin: each erasure is one task for the `onTaskDispatched`
 * function (index.ts), which Cloud Tasks retries with backoff. The task id is derived from the deletion id, so a
 * repeated request for the same erasure is de-duplicated by the queue itself.
 */
import { createHash } from "node:crypto";
import type { App } from "firebase-admin/app";
import { type Functions, getFunctions } from "firebase-admin/functions";
import type { DeletionJobs } from "../../ports.ts";

/** The task's payload: an id only (no uid, no email), so the queue holds nothing personal. */
export interface DeletionTask {
  deletionId: string;
}

export interface DeletionQueueTarget {
  /** The task function with its region: "locations/{region}/functions/{name}". */
  functionName: string;
  /** How long Cloud Tasks waits for one run before it counts as failed: at least the function's own timeout. */
  dispatchDeadlineSeconds: number;
}

export function createDeletionTaskQueue(functions: Pick<Functions, "taskQueue">, target: DeletionQueueTarget): DeletionJobs {
  const queue = functions.taskQueue<DeletionTask>(target.functionName);
  return {
    async enqueue(deletionId) {
      try {
        await queue.enqueue({ deletionId }, { id: taskId(deletionId), dispatchDeadlineSeconds: target.dispatchDeadlineSeconds });
      } catch (error) {
        // Already queued (or run) for this erasure: nothing more to do.
        if ((error as { code?: unknown }).code === "functions/task-already-exists") return;
        throw error;
      }
    },
  };
}

/** Hashed: Cloud Tasks dispatches time-ordered task ids (like ours) more slowly than spread-out ones. */
export const taskId = (deletionId: string) => `deletion-${createHash("sha256").update(deletionId).digest("hex")}`;

export function createAdminDeletionTaskQueue(app: App, target: DeletionQueueTarget): DeletionJobs {
  return createDeletionTaskQueue(getFunctions(app), target);
}
