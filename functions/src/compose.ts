/**
 * Builds the ports from configuration: production adapters (Firestore, Cloud Storage) or the embedded
 * ones (journaled document store and filesystem blobs under BEZ_DATA_DIR). Redis and Firebase Auth are
 * real in every mode (a local redis-server and the Auth emulator).
 */
import { join } from "node:path";
import indexes from "../../firestore.indexes.json" with { type: "json" };
import type { Config, SecretName } from "./config.ts";
import { createAuditWriter } from "./core/audit/audit-writer.ts";
import { createEmbeddedStore } from "./adapters/embedded-store/index.ts";
import { createFsBlobStore } from "./adapters/fs-blobs/index.ts";
import { type AdminApp, closeAdminApp, createAdminApp } from "./adapters/firebase/admin-app.ts";
import { createFirebaseIdentity } from "./adapters/firebase/identity.ts";
import { createRedis, pingRedis } from "./adapters/redis/client.ts";
import { createDailySalt } from "./adapters/redis/daily-salt.ts";
import { createRedisRateLimiter } from "./adapters/redis/rate-limiter.ts";
import { systemClock } from "./adapters/system/clock.ts";
import { createIds } from "./adapters/system/ids.ts";
import { createGclLogger } from "./adapters/pino/gcl-logger.ts";
import { type AxiomSink, createAxiomSink } from "./adapters/axiom/axiom-sink.ts";
import { createSharpImageCodec } from "./adapters/sharp/image-codec.ts";
import { loadOrCreateDevAuditKey, loadOrCreateDevKeks, loadOrCreateDevLinkKey } from "./adapters/key-ring/dev-secrets.ts";
import { createRedisKeyInspector } from "./adapters/redis/key-inspector.ts";
import { createIpLockGuard, createIpLocks } from "./core/accounts/ip-lock.ts";
import type { DeletionDeps } from "./core/deletion/deps.ts";
import type { ResidueDeps } from "./core/deletion/residue.ts";
import { type ReapplyReport, reapplyAllErasures, reapplyErasureSlice } from "./core/deletion/reapply.ts";
import { type RunOutcome, type SweepReport, runDeletion, sweepDeletions } from "./core/deletion/run.ts";
import { createStaticKeyRing } from "./adapters/key-ring/static-key-ring.ts";
import { createReplicateModel } from "./adapters/replicate/image-model.ts";
import { createOutputFetcher } from "./adapters/http/output-fetcher.ts";
import { createZipWriter } from "./adapters/zip/zip-writer.ts";
import { createRedisReplayGuard } from "./adapters/redis/replay-guard.ts";
import { type InProcessDeletionJobs, createInProcessDeletionJobs } from "./adapters/in-process/deletion-jobs.ts";
import { type DeletionQueueTarget, createAdminDeletionTaskQueue } from "./adapters/firebase/deletion-task-queue.ts";
import { createGenerationChanges } from "./core/generation/changes.ts";
import type { GenerationDeps } from "./core/generation/deps.ts";
import { type ReconcileReport, reconcile } from "./core/generation/reconcile.ts";
import { type DispatchReport, dispatchGeneration } from "./core/generation/dispatch.ts";
import { type InProcessDispatcher, startInProcessDispatcher } from "./adapters/in-process/generation-dispatcher.ts";
import { createDataKeys } from "./core/vault/data-keys.ts";
import { type LinkSigner, createLinkSigner } from "./core/vault/signed-links.ts";
import { IpRanges } from "./core/net/cidr.ts";
import { googleFrontEnd } from "./http/client-ip.ts";
import type { AppDeps } from "./http/app.ts";
import type { BlobStore, DailySalt, DeletionJobs, DocumentStore, HealthCheck, KeyInspector, KeyRing, Logger, RateLimiter, ReplayGuard } from "./ports.ts";
import { imageLimits } from "@bez/contracts";
import { createOutboxMailer, createSmtpMailer } from "./adapters/mailer/nodemailer-mailer.ts";
import { type SealReport, sealAuditDigests } from "./core/audit/seal.ts";
import { createHeadWitness } from "./core/audit/head-witness.ts";
import { type PurgeReport, purgeExpiredAudit } from "./core/audit/retention.ts";
import type { Mailer } from "./ports.ts";
import { createMetricsBuffer } from "./core/metrics/recorder.ts";
import { flushHourlyMetrics } from "./core/metrics/hourly-store.ts";

export interface Composition {
  deps: AppDeps;
  /** For maintenance commands (rotate-keks); requests reach keys only through deps.images. */
  keyRing: KeyRing;
  /** Submits a queued generation to the model (index.ts's trigger; in-process dispatching does it locally). */
  dispatchGeneration(uid: string, generationId: string): Promise<DispatchReport>;
  /** One pass of the stuck-job reconciler (local.ts runs it on an interval, index.ts on a schedule). */
  reconcile(): Promise<ReconcileReport>;
  /**
   * One pass of the deletion sweeper: finishes erasures a crash or a failure left pending or whose re-sweep is due,
   * then checks a slice of the accounts against the erasure ledger.
   */
  sweepDeletions(): Promise<SweepReport & { reapplied: ReapplyReport }>;
  /** Checks every account against the erasure ledger (`npm run reapply-erasures`, after a restore). */
  reapplyErasures(): Promise<ReapplyReport>;
  /** Runs one erasure's remaining steps: what a queued deletion job does (index.ts's task function). */
  runDeletionJob(deletionId: string): Promise<RunOutcome>;
  /** Seals audit events older than the settle time into signed digests (local.ts on an interval, index.ts on a schedule). */
  sealAudit(options?: { settleMs?: number }): Promise<SealReport>;
  /** Purges audit digests, and their events, older than the retention period. */
  purgeAudit(): Promise<PurgeReport>;
  /** What the residue scanner reads (every store that could hold a user's data). */
  residue: ResidueDeps;
  /**
   * Writes the admin metrics gathered in memory to the store and sends the buffered log lines to Axiom (when
   * configured). Off every request path: local.ts on a timer and at shutdown, index.ts at the end of invocations.
   */
  flushTelemetry(): Promise<void>;
  /** Waits for the erasures and dispatches started in this process so far (local and test only; a no-op on Cloud Functions). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Accounts (data keys and profiles) each sweep checks against the erasure ledger: 57,600 a day at one sweep per 5 minutes. */
const reapplySliceSize = 200;

/** How long one worker owns an erasure before the sweeper may take it over (renewed while it works). */
const deletionLeaseMs = 2 * 60_000;

export interface ComposeOptions {
  /**
   * On Cloud Functions (index.ts): the task-queue function that runs erasures. Without it (the local server, tests)
   * they run in this process, which outlives its requests.
   */
  deletionQueue?: DeletionQueueTarget;
  /**
   * On Cloud Functions (index.ts): a trigger on the stored generation dispatches it. Without it (the local server,
   * tests, benches) queued generations are dispatched in this process, which outlives its requests.
   */
  dispatchByTrigger?: boolean;
  /** Where log lines go instead of stderr (tests capture them to scan for personal data). */
  logDestination?: { write(line: string): void };
}

let compositions = 0;

export async function compose(config: Config, options: ComposeOptions = {}): Promise<Composition> {
  const clock = systemClock;
  const ids = createIds(clock);
  const axiom: AxiomSink | null = config.axiom
    ? createAxiomSink({ token: config.axiom.token, dataset: config.axiom.dataset, ...(config.axiom.url ? { url: config.axiom.url } : {}) })
    : null;
  const logger = createGclLogger({
    level: config.logLevel,
    projectId: config.projectId,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
    sinks: axiom ? [axiom] : [],
  });
  const adminApp = createAdminApp(config.projectId, `bez-${++compositions}`);

  const { store, blobs, witnessBlobs, compactStore } = await composeStores(config, adminApp);
  const metrics = createMetricsBuffer(clock);

  const redis = config.redisUrl ? createRedis(config.redisUrl) : null;
  const identity = createFirebaseIdentity(adminApp);
  const audit = createAuditWriter({ store, clock, ids });
  const witness = createHeadWitness(witnessBlobs);
  const { keyRing, linkKey, auditKey } = await vaultSecrets(config, logger);
  const limiter = redis ? createRedisRateLimiter(redis) : unbound<RateLimiter>("BEZ_REDIS_URL");
  const vault = { store, blobs, codec: createSharpImageCodec(), dataKeys: createDataKeys({ store, keyRing, clock }), ids, clock };
  const links = linkKey ? createLinkSigner(linkKey, clock) : unbound<LinkSigner>("BEZ_LINK_KEY");
  const model = config.model ? createReplicateModel({ baseUrl: config.model.baseUrl, token: config.model.token }) : null;
  const generation: GenerationDeps = {
    store,
    clock,
    ids,
    logger,
    metrics,
    limiter,
    model,
    fetcher: createOutputFetcher({
      allowedHosts: config.model?.outputHosts ?? [],
      allowHttp: config.model?.allowHttpOutputs ?? false,
      maxBytes: imageLimits.maxUploadBytes,
      timeoutMs: 30_000,
    }),
    replayGuard: redis ? createRedisReplayGuard(redis, "webhook") : unbound<ReplayGuard>("BEZ_REDIS_URL"),
    vault,
    links,
    changes: createGenerationChanges(),
    settings: {
      callbackBaseUrl: config.generation.callbackBaseUrl,
      deadlineSeconds: config.generation.deadlineSeconds,
      reconcileQuietSeconds: config.generation.reconcileQuietSeconds,
      dailyQuota: config.limits.dailyImages.limit,
      inFlight: config.limits.generationsInFlight,
      rate: config.limits.generations,
    },
  };
  const mailer: Mailer | null = config.mail.smtpUrl
    ? createSmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from })
    : config.dataDir
      ? createOutboxMailer({ dir: join(config.dataDir, "mail"), from: config.mail.from, ids })
      : null;
  // Closed on shutdown only when real; the stand-in serves functions not bound to BEZ_SMTP_URL.
  const mailerPort = mailer ?? unbound<Mailer>("BEZ_SMTP_URL");
  const deletion: DeletionDeps = {
    store,
    blobs,
    identity,
    mailer: mailerPort,
    limiter,
    dataKeys: vault.dataKeys,
    audit,
    clock,
    ids,
    logger,
    metrics,
    // Read when an erasure runs, so a function that never erases needs no audit key.
    get auditKey() {
      return need(auditKey, "BEZ_AUDIT_KEY");
    },
    compactStore,
    leaseMs: deletionLeaseMs,
    graceMs: config.erasureGraceSeconds * 1000,
  };
  const ipLocks = createIpLocks({ store, clock });
  let localJobs: InProcessDeletionJobs | null = null;
  let deletionJobs: DeletionJobs;
  if (options.deletionQueue) deletionJobs = createAdminDeletionTaskQueue(adminApp, options.deletionQueue);
  else deletionJobs = localJobs = createInProcessDeletionJobs((id) => runDeletion(deletion, id), logger);
  const dispatcher: InProcessDispatcher | null = options.dispatchByTrigger
    ? null
    : startInProcessDispatcher(generation.changes.onQueued, (uid, id) => dispatchGeneration(generation, uid, id), logger);
  // Without a model service (local and test setups that do not generate) there is nothing to report on.
  const modelCheck: HealthCheck[] = model ? [{ name: "model", check: () => model.ping() }] : [];

  const deps: AppDeps = {
    store,
    audit,
    clock,
    identity,
    logger,
    limiter,
    dailyQuota: config.limits.dailyImages.limit,
    roles: { identity, bootstrapAdmins: config.bootstrapAdmins },
    admin: {
      users: { store, identity, audit, clock },
      notices: { store, mailer: mailerPort, audit, clock, ids, logger, inboxUrl: inboxUrl(config) },
      audit,
      get auditKey() {
        return need(auditKey, "BEZ_AUDIT_KEY");
      },
      witness,
      auditSealedWithinMs: (2 * config.audit.digestSeconds + config.audit.settleSeconds) * 1000,
    },
    rateLimit: {
      limiter,
      policies: config.limits,
      trustedProxies: config.trustedProxies === googleFrontEnd ? googleFrontEnd : new IpRanges(config.trustedProxies),
      dailySalt: redis ? createDailySalt(redis, clock) : unbound<DailySalt>("BEZ_REDIS_URL"),
    },
    webOrigins: config.webOrigins,
    version: config.version,
    images: { vault, links, publicApiUrl: config.publicApiUrl, metrics },
    metrics,
    generation,
    accounts: {
      ipLocks,
      ipLockGuard: createIpLockGuard({ ipLocks, audit, clock }),
      ipUnlock: {
        store,
        audit,
        clock,
        limiter,
        dailyQuota: config.limits.dailyImages.limit,
        roles: { identity, bootstrapAdmins: config.bootstrapAdmins },
        ipLocks,
        mailer: mailerPort,
        unlockPageUrl: `${webOrigin(config)}/unlock-ip-lock`,
      },
      deletion,
      deletionJobs,
      archives: createZipWriter,
    },
    logSink: () => axiom?.state() ?? null,
    healthChecks: [
      { name: "store", check: () => store.ping() },
      { name: "blobs", check: () => blobs.ping() },
      { name: "redis", check: () => pingRedis(need(redis, "BEZ_REDIS_URL")) },
      { name: "auth", check: () => identity.ping() },
      ...modelCheck,
    ],
  };

  // One metrics flush at a time: a timer and an invocation's end may ask together. Logs flush on their own terms.
  let flushing: Promise<void> | null = null;
  async function flushTelemetry(): Promise<void> {
    flushing ??= flushHourlyMetrics(store, metrics).finally(() => {
      flushing = null;
    });
    const [stored] = await Promise.allSettled([flushing, axiom?.flush()]);
    if (stored.status === "rejected") throw stored.reason;
  }

  return {
    deps,
    keyRing,
    dispatchGeneration: (uid, generationId) => dispatchGeneration(generation, uid, generationId),
    reconcile: () => reconcile(generation),
    async sweepDeletions() {
      const report = await sweepDeletions(deletion);
      return { ...report, reapplied: await reapplyErasureSlice(deletion, reapplySliceSize) };
    },
    reapplyErasures: () => reapplyAllErasures(deletion),
    runDeletionJob: (deletionId) => runDeletion(deletion, deletionId),
    sealAudit: (options) =>
      sealAuditDigests({ store, clock, logger, auditKey: need(auditKey, "BEZ_AUDIT_KEY"), witness }, { settleMs: options?.settleMs ?? config.audit.settleSeconds * 1000 }),
    purgeAudit: () => purgeExpiredAudit({ store, clock, logger, audit, auditKey: need(auditKey, "BEZ_AUDIT_KEY") }, config.audit.retentionDays),
    residue: { store, blobs, identity, keys: redis ? createRedisKeyInspector(redis) : unbound<KeyInspector>("BEZ_REDIS_URL") },
    flushTelemetry,
    async drain() {
      await Promise.all([localJobs?.drain(), dispatcher?.drain()]);
    },
    async close() {
      dispatcher?.stop();
      await Promise.all([localJobs?.drain(), dispatcher?.drain()]);
      await flushTelemetry().catch((error: unknown) => logger.warn("telemetry not flushed at shutdown", { error: error instanceof Error ? error.name : "error" }));
      redis?.disconnect();
      await mailer?.close();
      await store.close();
      await closeAdminApp(adminApp);
      // Last: everything above may still log.
      await axiom?.close();
    },
  };
}

interface Stores {
  store: DocumentStore;
  blobs: BlobStore;
  /** Where the audit head witness keeps its records: outside the document store, never overwritten. */
  witnessBlobs: BlobStore;
  /** Only the embedded store keeps deleted documents (in its journal) until it is compacted. */
  compactStore(): Promise<void>;
}

/**
 * Production: Firestore and Cloud Storage. Locally and in tests: the embedded store or Firestore (the emulator), with
 * blobs on the filesystem (the Cloud Storage emulator cannot run offline).
 */
async function composeStores(config: Config, adminApp: AdminApp): Promise<Stores> {
  const nothingToCompact = async () => {};
  // Loaded only where used: the embedded stack never pays for the Firestore and Cloud Storage SDKs.
  const productionStores = () => import("./adapters/firebase/production-stores.ts");
  switch (config.store.kind) {
    case "firestore": {
      const { createProductionStores, createBucketBlobStore } = await productionStores();
      return {
        ...createProductionStores(adminApp, config.storageBucket, config.store.database),
        witnessBlobs: createBucketBlobStore(adminApp, config.audit.witnessBucket),
        compactStore: nothingToCompact,
      };
    }
    case "firestore-emulator": {
      const { createEmulatedFirestore } = await productionStores();
      const store = createEmulatedFirestore(adminApp, config.store.database, config.store.host, indexes);
      const dataDir = requireDataDir(config);
      return { store, blobs: await createFsBlobStore({ dir: join(dataDir, "blobs") }), witnessBlobs: await localWitnessBlobs(dataDir), compactStore: nothingToCompact };
    }
    case "embedded": {
      const dataDir = requireDataDir(config);
      const embedded = await createEmbeddedStore({ dir: join(dataDir, "documents"), indexes });
      const blobs = await createFsBlobStore({ dir: join(dataDir, "blobs") });
      return { store: embedded, blobs, witnessBlobs: await localWitnessBlobs(dataDir), compactStore: () => embedded.compact() };
    }
  }
}

const localWitnessBlobs = (dataDir: string) => createFsBlobStore({ dir: join(dataDir, "audit-witness") });

/** config.ts requires BEZ_DATA_DIR wherever something is kept on this machine (everywhere but production). */
function requireDataDir(config: Config): string {
  if (!config.dataDir) throw new Error("BEZ_DATA_DIR is required outside production (and BEZ_SMTP_URL without it: notices are emailed)");
  return config.dataDir;
}

/** Emails link to the web app; production has a configured origin (config.ts), never a loopback one. */
function webOrigin(config: Config): string {
  const origin = config.webOrigins[0] ?? (config.env === "production" ? null : "http://127.0.0.1:3000");
  if (!origin) throw new Error("BEZ_WEB_ORIGINS is required in production");
  return origin;
}

const inboxUrl = (config: Config) => `${webOrigin(config)}/notices`;

const unboundError = (secret: SecretName) => new Error(`${secret} is not bound to this Cloud Function (see functions/src/index.ts)`);

/** A secret this function may be without: config.ts required every secret it is bound to, so null here is a binding mistake. */
function need<T>(value: T | null, secret: SecretName): T {
  if (value === null) throw unboundError(secret);
  return value;
}

/**
 * Stands in for a port built on a secret this Cloud Function is not bound to (a scheduled job that never signs links,
 * say), so the shared composition still builds; any use fails at once, naming the secret.
 */
function unbound<T extends object>(secret: SecretName): T {
  return new Proxy({} as T, {
    get(_target, property) {
      // Not a thenable: async code may return or await the stand-in without tripping it.
      if (property === "then") return undefined;
      throw unboundError(secret);
    },
  });
}

/**
 * BEZ_KEKS, BEZ_LINK_KEY and BEZ_AUDIT_KEY, or (local and test only: config.ts refuses production without the ones
 * a function is bound to) development ones. Without BEZ_DATA_DIR a missing one is left out: see unbound().
 */
async function vaultSecrets(config: Config, logger: Logger): Promise<{ keyRing: KeyRing; linkKey: Uint8Array | null; auditKey: Uint8Array | null }> {
  let keks = config.keks;
  let linkKey = config.linkKey;
  let auditKey = config.auditKey;
  if ((!keks || !linkKey || !auditKey) && config.dataDir) {
    logger.warn("using development encryption keys from BEZ_DATA_DIR: for local use only, never in production", {
      keks: keks ? "BEZ_KEKS" : "dev-keks.json",
      linkKey: linkKey ? "BEZ_LINK_KEY" : "dev-link-key.json",
      auditKey: auditKey ? "BEZ_AUDIT_KEY" : "dev-audit-key.json",
    });
    keks ??= await loadOrCreateDevKeks(config.dataDir);
    linkKey ??= await loadOrCreateDevLinkKey(config.dataDir);
    auditKey ??= await loadOrCreateDevAuditKey(config.dataDir);
  }
  return { keyRing: keks ? createStaticKeyRing(keks) : unbound<KeyRing>("BEZ_KEKS"), linkKey, auditKey };
}
