/**
 * Cloud Functions entry points. Only triggers live here; the app is built lazily on the first request so a
 * cold start that fails configuration answers with a clear log line instead of crashing at import.
 */
import { onRequest } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import type { Express } from "express";
import { loadConfig } from "./config.ts";
import { type Composition, compose } from "./compose.ts";
import { createApp } from "./http/app.ts";

let composition: Promise<Composition> | undefined;
let app: Promise<Express> | undefined;

function getComposition(): Promise<Composition> {
  composition ??= compose(loadConfig());
  return composition;
}

function getApp(): Promise<Express> {
  app ??= getComposition().then((c) => createApp(c.deps));
  return app;
}

/** The stuck-job reconciler: polls predictions whose webhooks went missing and fails those past the deadline. */
export const reconcileGenerations = onSchedule({ schedule: "every 1 minutes", region: "europe-west1", timeoutSeconds: 300 }, async () => {
  const c = await getComposition();
  await c.reconcile();
  // Ingestion it started must finish before the instance may be frozen.
  await c.drain();
});

/** The deletion sweeper: finishes account erasures that a crash or a failed step left pending. */
export const sweepDeletions = onSchedule({ schedule: "every 5 minutes", region: "europe-west1", timeoutSeconds: 540 }, async () => {
  const c = await getComposition();
  await c.sweepDeletions();
});

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
