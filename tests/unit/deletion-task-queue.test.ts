/**
 * The production DeletionJobs adapter against a fake of firebase-admin's Functions service: one task per erasure on
 * the named queue, carrying the deletion id only, with a task id derived from it (so the queue de-duplicates).
 */
import type { Functions } from "firebase-admin/functions";
import { describe, expect, it } from "vitest";
import { createDeletionTaskQueue, taskId } from "../../functions/src/adapters/firebase/deletion-task-queue.ts";

function fakeFunctions(failWith: unknown[] = []) {
  const queues: string[] = [];
  const enqueued: { data: unknown; opts: unknown }[] = [];
  const functions = {
    taskQueue(name: string) {
      queues.push(name);
      return {
        async enqueue(data: unknown, opts?: unknown) {
          const failure = failWith.shift();
          if (failure) throw failure;
          enqueued.push({ data, opts });
        },
      };
    },
  } as unknown as Pick<Functions, "taskQueue">;
  return { functions, queues, enqueued };
}

const target = { functionName: "locations/europe-west1/functions/runDeletionJob", dispatchDeadlineSeconds: 600 };

describe("DeletionJobs on Cloud Tasks", () => {
  it("enqueues the deletion id on the task function's queue", async () => {
    const fake = fakeFunctions();
    const jobs = createDeletionTaskQueue(fake.functions, target);
    await jobs.enqueue("01jd0000000000000000000000");
    expect(fake.queues).toEqual([target.functionName]);
    expect(fake.enqueued).toEqual([
      { data: { deletionId: "01jd0000000000000000000000" }, opts: { id: taskId("01jd0000000000000000000000"), dispatchDeadlineSeconds: 600 } },
    ]);
    expect(taskId("01jd0000000000000000000000")).toMatch(/^deletion-[0-9a-f]{64}$/);
    expect(taskId("01jd0000000000000000000001")).not.toBe(taskId("01jd0000000000000000000000"));
  });

  it("treats a task that already exists as queued, and passes every other failure on", async () => {
    const exists = Object.assign(new Error("A task with ID … already exists"), { code: "functions/task-already-exists" });
    const denied = Object.assign(new Error("permission denied"), { code: "functions/permission-denied" });
    const fake = fakeFunctions([exists, denied]);
    const jobs = createDeletionTaskQueue(fake.functions, target);
    await expect(jobs.enqueue("01jd0000000000000000000000")).resolves.toBeUndefined();
    await expect(jobs.enqueue("01jd0000000000000000000000")).rejects.toThrow("permission denied");
  });
});
