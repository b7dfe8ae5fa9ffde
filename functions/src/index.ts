/**
 * Cloud Functions entry points. Only triggers live here; the app is built lazily on the first request so a
 * cold start that fails configuration answers with a clear log line instead of crashing at import.
 *
 * Secrets live in Cloud Secret Manager and each function is bound only to those it uses (the runtime exposes a bound
 * secret as an environment variable of the same name). Settings are params, prompted for at deploy or read from
 * functions/.env.<project> (see README). config.ts remains the one place that reads and validates the environment.
 */
import { defineList, defineSecret, defineString } from "firebase-functions/params";
import type { SecretParam } from "firebase-functions/params";
import { onDocumentCreated } from "firebase-functions/v2/firestore";
import { onRequest } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { type Request as TaskRequest, onTaskDispatched } from "firebase-functions/v2/tasks";
import type { Express } from "express";
import { DeletionId } from "@bez/contracts";
import { type SecretName, loadConfig, productionAuditDigestSeconds } from "./config.ts";
import { type ComposeOptions, type Composition, compose } from "./compose.ts";
import { createApp } from "./http/app.ts";

type BezSecret = SecretParam & { readonly name: SecretName };
const secret = (name: SecretName, description: string): BezSecret => Object.assign(defineSecret(name, { description }), { name });
const keks = secret("BEZ_KEKS", "Key-encryption keys, newest first: <id>:<base64 of 32 bytes>,… (wrap and unwrap users' data keys).");
const linkKey = secret("BEZ_LINK_KEY", "Base64 of ≥ 32 random bytes: signs image links.");
const auditKey = secret("BEZ_AUDIT_KEY", "Base64 of ≥ 32 random bytes: signs audit digests and deletion receipts, keys audit pseudonyms.");
const replicateToken = secret("REPLICATE_API_TOKEN", "Replicate API token: creates and polls predictions.");
const smtpUrl = secret("BEZ_SMTP_URL", "smtps://user:password@host:465 for notice emails.");
// Every function logs, and the privacy policy names Axiom as where production's log lines go.
const axiomToken = secret("AXIOM_TOKEN", "Axiom ingest token (ingest-only) for the AXIOM_DATASET dataset: where every function's log lines are shipped.");
const redisUrl = secret("BEZ_REDIS_URL", "rediss://user:password@host:port (rate limits, quotas, webhook de-duplication); it carries a password.");

// Declared for the deploy (prompted for, or read from functions/.env.<project>); read at run time by config.ts.
defineString("BEZ_PUBLIC_API_URL", { description: "The API's public base URL (signed links, Replicate webhooks), e.g. https://api.bez.dev" });
defineString("BEZ_STORAGE_BUCKET", { description: "Cloud Storage bucket for encrypted blobs, e.g. <project>.firebasestorage.app" });
defineString("BEZ_AUDIT_WITNESS_BUCKET", { description: "Cloud Storage bucket under a locked retention policy: the audit head witness (README: Operating Bez)." });
defineString("AXIOM_DATASET", { default: "bez-api", description: "The Axiom dataset log lines are shipped to (with the AXIOM_TOKEN secret)." });
defineList("BEZ_WEB_ORIGINS", { description: "Web app origins allowed by CORS; the first is linked from notice emails." });
defineList("BEZ_TRUSTED_PROXIES", { description: "google-front-end (Cloud Functions), or CIDRs of proxies whose X-Forwarded-For is believed." });

const region = "europe-west1";

/** One erasure's time limit in `runDeletionJob` below, whose queue DELETE /v1/me enqueues one task per erasure on. */
const deletionTimeoutSeconds = 540;
const deletionQueue = { functionName: `locations/${region}/functions/runDeletionJob`, dispatchDeadlineSeconds: deletionTimeoutSeconds + 60 };

const built: Promise<Composition>[] = [];

/** One composition per function, built from that function's own secrets (each runs on its own instances). */
function lazyComposition(secrets: readonly BezSecret[], options?: ComposeOptions): () => Promise<Composition> {
  let composition: Promise<Composition> | undefined;
  return () => {
    if (!composition) {
      composition = compose(loadConfig(undefined, { secrets: secrets.map((s) => s.name) }), options);
      built.push(composition);
    }
    return composition;
  };
}

/**
 * Admin metrics and shipped log lines leave at the end of each invocation: Cloud Functions throttles the CPU between
 * invocations, so timers alone cannot be trusted. A failure here never fails the invocation.
 */
async function flushTelemetry(c: Composition): Promise<void> {
  await c.flushTelemetry().catch((error: unknown) => c.deps.logger.warn("telemetry flush failed", { error: error instanceof Error ? error.name : "error" }));
}

/** Runs a scheduled or queued job, then flushes its telemetry before the invocation ends. */
function withTelemetry<A extends unknown[]>(composition: () => Promise<Composition>, job: (c: Composition, ...args: A) => Promise<void>) {
  return async (...args: A): Promise<void> => {
    const c = await composition();
    try {
      await job(c, ...args);
    } finally {
      await flushTelemetry(c);
    }
  };
}

// At shutdown (SIGTERM, then about 10 s before the instance is stopped) whatever is still buffered goes out; then
// the signal is raised again so its default, or the platform's own handler, still ends the process.
process.once("SIGTERM", () => {
  void Promise.allSettled(built.map(async (c) => flushTelemetry(await c))).finally(() => {
    if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
  });
});

/**
 * Polls predictions and submits queued ones (Replicate: prompts decrypted and outputs stored encrypted with data keys
 * unwrapped by KEKs, reference photos linked with the link key), refunds quotas (Redis).
 */
const reconcileSecrets = [keks, linkKey, replicateToken, redisUrl, axiomToken];
const reconcileComposition = lazyComposition(reconcileSecrets, { dispatchByTrigger: true });

/**
 * Submits each generation the API stored to the model, off the request that created it (dispatch.ts). Firestore
 * triggers deliver at least once; the dispatch claims each placeholder, so a second delivery submits nothing. One it
 * never gets is picked up by the reconciler.
 */
export const dispatchGeneration = onDocumentCreated(
  { document: "users/{uid}/generations/{generationId}", region, timeoutSeconds: 120, secrets: reconcileSecrets },
  withTelemetry(reconcileComposition, async (c, event) => {
    await c.dispatchGeneration(event.params.uid, event.params.generationId);
  }),
);

/**
 * The stuck-job reconciler: polls predictions whose webhooks went missing and fails those past the deadline. It
 * ingests model outputs through sharp: 1 GiB, as the API has.
 */
export const reconcileGenerations = onSchedule(
  { schedule: "every 1 minutes", region, timeoutSeconds: 300, memory: "1GiB", secrets: reconcileSecrets },
  withTelemetry(reconcileComposition, async (c) => {
    await c.reconcile();
  }),
);

/**
 * Erasure signs receipts and pseudonymizes audit uids (audit key), removes rate-limit keys (Redis) and whatever the
 * mailer holds. No KEKs: shredding deletes the wrapped data key, it never unwraps it.
 */
const sweepSecrets = [auditKey, smtpUrl, redisUrl, axiomToken];
const sweepComposition = lazyComposition(sweepSecrets);

/**
 * The deletion sweeper: finishes account erasures that a crash or a failed step left pending or whose re-sweep is
 * due, then checks a slice of the accounts against the erasure ledger (what `npm run reapply-erasures` does in full).
 */
export const sweepDeletions = onSchedule(
  { schedule: "every 5 minutes", region, timeoutSeconds: 540, memory: "1GiB", secrets: sweepSecrets },
  withTelemetry(sweepComposition, async (c) => {
    await c.sweepDeletions();
  }),
);

/**
 * Runs one account erasure by id, enqueued by DELETE /v1/me. A thrown error (a failed step, or another worker
 * holding the erasure) makes Cloud Tasks retry with backoff; the sweeper above stays the safety net, and finishes
 * each erasure with its re-sweep once the grace period is over (the task ends when the first pass is done). Erasure
 * deletes in batches of up to 500 writes and renews its lease as it goes: 1 GiB and 9 minutes fit a large account.
 * Its secrets are the sweeper's: the same steps.
 */
export const runDeletionJob = onTaskDispatched<{ deletionId?: unknown } | null>(
  {
    region,
    memory: "1GiB",
    timeoutSeconds: deletionTimeoutSeconds,
    secrets: sweepSecrets,
    retryConfig: { maxAttempts: 8, minBackoffSeconds: 30, maxBackoffSeconds: 900, maxDoublings: 5 },
    // Erasures are rare and heavy on Firestore: a few at once keeps them from crowding out the API.
    rateLimits: { maxConcurrentDispatches: 4, maxDispatchesPerSecond: 2 },
  },
  withTelemetry(sweepComposition, async (c, request: TaskRequest<{ deletionId?: unknown } | null>) => {
    const deletionId = DeletionId.safeParse(request.data?.deletionId);
    if (!deletionId.success) {
      // A malformed task can never succeed: acknowledge it rather than retry it for days.
      c.deps.logger.error("deletion task without a valid deletion id", { task: request.id });
      return;
    }
    const outcome = await c.runDeletionJob(deletionId.data);
    if (outcome === "busy") throw new Error("the erasure is held by another worker; retrying later");
  }),
);

const auditSecrets = [auditKey, axiomToken];
const auditComposition = lazyComposition(auditSecrets);

/** Seals audit events into signed, chained digests (tamper evidence); events settle for BEZ_AUDIT_SETTLE_SECONDS first. */
export const sealAuditDigests = onSchedule(
  { schedule: `every ${productionAuditDigestSeconds / 60} minutes`, region, timeoutSeconds: 540, secrets: auditSecrets },
  withTelemetry(auditComposition, async (c) => {
    await c.sealAudit();
  }),
);

/** Audit retention: digests and events older than BEZ_AUDIT_RETENTION_DAYS (400) are purged; the purge is audited. */
export const purgeExpiredAudit = onSchedule(
  { schedule: "every day 03:30", region, timeoutSeconds: 540, secrets: auditSecrets },
  withTelemetry(auditComposition, async (c) => {
    await c.purgeAudit();
  }),
);

/** The API does everything: every secret. */
const apiSecrets = [keks, linkKey, auditKey, replicateToken, smtpUrl, redisUrl, axiomToken];
const apiComposition = lazyComposition(apiSecrets, { deletionQueue, dispatchByTrigger: true });
let app: Promise<{ c: Composition; handler: Express }> | undefined;

/** The API flushes after a finished response at most this often per instance (a shard write and an Axiom batch). */
const apiFlushMs = 5000;
let lastApiFlush = 0;

export const api = onRequest({ region, concurrency: 80, memory: "1GiB", timeoutSeconds: 120, secrets: apiSecrets }, async (req, res) => {
  app ??= apiComposition().then((c) => ({ c, handler: createApp(c.deps) }));
  const { c, handler } = await app;
  // After the answer, never before it: telemetry must not delay a request.
  res.once("finish", () => {
    if (Date.now() - lastApiFlush < apiFlushMs) return;
    lastApiFlush = Date.now();
    void flushTelemetry(c);
  });
  handler(req, res);
});
