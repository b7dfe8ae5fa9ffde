/**
 * Cloud Functions entry points. Only triggers live here; the app is built lazily on the first request so a
 * cold start that fails configuration answers with a clear log line instead of crashing at import.
 */
import { onRequest } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { onTaskDispatched } from "firebase-functions/v2/tasks";
import type { Express } from "express";
import { DeletionId } from "@bez/contracts";
import { loadConfig } from "./config.ts";
import { type Composition, compose } from "./compose.ts";
import { createApp } from "./http/app.ts";

let composition: Promise<Composition> | undefined;
let app: Promise<Express> | undefined;

/** One erasure's time limit in `runDeletionJob` below, whose queue DELETE /v1/me enqueues one task per erasure on. */
const deletionTimeoutSeconds = 540;
const deletionQueue = { functionName: "locations/europe-west1/functions/runDeletionJob", dispatchDeadlineSeconds: deletionTimeoutSeconds + 60 };

function getComposition(): Promise<Composition> {
  composition ??= compose(loadConfig(), { deletionQueue });
  return composition;
}

function getApp(): Promise<Express> {
  app ??= getComposition().then((c) => createApp(c.deps));
  return app;
}

/**
 * The stuck-job reconciler: polls predictions whose webhooks went missing and fails those past the deadline. It
 * ingests model outputs through sharp: 1 GiB, as the API has.
 */
export const reconcileGenerations = onSchedule({ schedule: "every 1 minutes", region: "europe-west1", timeoutSeconds: 300, memory: "1GiB" }, async () => {
  const c = await getComposition();
  await c.reconcile();
});

/** The deletion sweeper: finishes account erasures that a crash or a failed step left pending. */
export const sweepDeletions = onSchedule({ schedule: "every 5 minutes", region: "europe-west1", timeoutSeconds: 540, memory: "1GiB" }, async () => {
  const c = await getComposition();
  await c.sweepDeletions();
});

/**
 * Runs one account erasure by id, enqueued by DELETE /v1/me. A thrown error (a failed step, or another worker
 * holding the erasure) makes Cloud Tasks retry with backoff; the sweeper above stays the safety net. Erasure
 * deletes in batches of up to 500 writes and renews its lease as it goes: 1 GiB and 9 minutes fit a large account.
 */
export const runDeletionJob = onTaskDispatched<{ deletionId?: unknown } | null>(
  {
    region: "europe-west1",
    memory: "1GiB",
    timeoutSeconds: deletionTimeoutSeconds,
    retryConfig: { maxAttempts: 8, minBackoffSeconds: 30, maxBackoffSeconds: 900, maxDoublings: 5 },
    // Erasures are rare and heavy on Firestore: a few at once keeps them from crowding out the API.
    rateLimits: { maxConcurrentDispatches: 4, maxDispatchesPerSecond: 2 },
  },
  async (request) => {
    const c = await getComposition();
    const deletionId = DeletionId.safeParse(request.data?.deletionId);
    if (!deletionId.success) {
      // A malformed task can never succeed: acknowledge it rather than retry it for days.
      c.deps.logger.error("deletion task without a valid deletion id", { task: request.id });
      return;
    }
    const outcome = await c.runDeletionJob(deletionId.data);
    if (outcome === "busy") throw new Error("the erasure is held by another worker; retrying later");
  },
);

/** Seals audit events into signed, chained digests (tamper evidence); events settle for BEZ_AUDIT_SETTLE_SECONDS first. */
export const sealAuditDigests = onSchedule({ schedule: "every 5 minutes", region: "europe-west1", timeoutSeconds: 540 }, async () => {
  const c = await getComposition();
  await c.sealAudit();
});

/** Audit retention: digests and events older than BEZ_AUDIT_RETENTION_DAYS (400) are purged; the purge is audited. */
export const purgeExpiredAudit = onSchedule({ schedule: "every day 03:30", region: "europe-west1", timeoutSeconds: 540 }, async () => {
  const c = await getComposition();
  await c.purgeAudit();
});

export const api = onRequest({ region: "europe-west1", concurrency: 80, memory: "1GiB", timeoutSeconds: 120 }, async (req, res) => {
  const handler = await getApp();
  handler(req, res);
});
