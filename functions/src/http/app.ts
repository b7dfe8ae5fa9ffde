/**
 * The HTTP app: the same request handler is the Cloud Function `api` (index.ts) and the local server (local.ts).
 */
import express, { type Express } from "express";
import type { IpLockGuard, IpLocks } from "../core/accounts/ip-lock.ts";
import type { IpUnlockDeps } from "../core/accounts/ip-unlock.ts";
import type { ProfileDeps } from "../core/accounts/profile.ts";
import { verifyToken } from "../core/accounts/tokens.ts";
import type { DeletionDeps } from "../core/deletion/deps.ts";
import { DomainError } from "../core/errors.ts";
import type { GenerationDeps } from "../core/generation/deps.ts";
import type { ArchiveWriter, DeletionJobs, HealthCheck, Identity, LogSinkState, Logger, MetricsRecorder } from "../ports.ts";
import { authenticate } from "./auth.ts";
import { enforceIpLock } from "./ip-lock.ts";
import { requireIdTokenOutsideTokenScopes } from "./scopes.ts";
import { problemHandler } from "./problem.ts";
import { cors, requestId, securityHeaders } from "./request-context.ts";
import { type HealthCache, healthRoutes } from "./routes/health.ts";
import { meRoutes } from "./routes/me.ts";
import { type ImageRoutesDeps, imageContentRoutes, imageRoutes } from "./routes/images.ts";
import { generationRoutes } from "./routes/generations.ts";
import { replicateWebhookRoutes } from "./routes/replicate-webhook.ts";
import { accountRoutes } from "./routes/account.ts";
import { deletionReceiptRoutes } from "./routes/deletions.ts";
import { type RateLimitDeps, limitFailedAuthentication, limitPerIp, limitPerUser } from "./rate-limit.ts";
import { type AdminRoutesDeps, adminRoutes } from "./routes/admin.ts";
import { noticeRoutes } from "./routes/notices.ts";
import { ipUnlockRoutes } from "./routes/ip-unlock.ts";

export interface AppDeps extends ProfileDeps {
  identity: Identity;
  logger: Logger;
  /** Admin metrics: counted in memory, flushed off the request path (Composition.flushTelemetry). */
  metrics: MetricsRecorder;
  healthChecks: readonly HealthCheck[];
  /** Log shipping's state (null when logs go to stderr only): reported by /v1/health, never a reason for 503. */
  logSink: () => LogSinkState | null;
  /** How long health results stand (defaults in routes/health.ts; tests shorten them). */
  healthCache?: HealthCache;
  webOrigins: readonly string[];
  version: string;
  rateLimit: RateLimitDeps;
  images: ImageRoutesDeps;
  generation: GenerationDeps;
  accounts: AccountsDeps;
  admin: Omit<AdminRoutesDeps, "rateLimit" | "ipLocks">;
}

/** IP locks and their recovery, and erasure with the queue that finishes it. */
export interface AccountsDeps {
  ipLocks: IpLocks;
  ipLockGuard: IpLockGuard;
  ipUnlock: IpUnlockDeps;
  deletion: DeletionDeps;
  deletionJobs: DeletionJobs;
  /** A new archive for each account export (the ZIP writer). */
  archives: () => ArchiveWriter;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  app.use(requestId, securityHeaders, cors(deps.webOrigins), accessLog(deps.logger, deps.metrics));

  // Health is not limited: it must report a Redis outage, not be refused by it.
  app.use(healthRoutes(deps.healthChecks, deps.version, deps.healthCache, deps.logSink));
  const authenticated = limitFailedAuthentication(
    deps.rateLimit,
    authenticate({ identity: deps.identity, verifyAccessToken: (token) => verifyToken(deps, token) }),
  );
  const ipLock = enforceIpLock(deps.accounts.ipLockGuard, deps.rateLimit.trustedProxies);
  // Image content authenticates itself: a Bearer token, or a signed link (itself a credential) for <img src>.
  const images = { ...deps.images, rateLimit: deps.rateLimit };
  app.use(imageContentRoutes(images, authenticated, ipLock));
  // Signed by the model service, and never throttled as anonymous traffic (it limits only rejected deliveries).
  app.use(replicateWebhookRoutes({ generation: deps.generation, audit: deps.audit, rateLimit: deps.rateLimit }));

  // Deletion receipts are public (the id is unguessable) and limited per client network on their own.
  app.use(deletionReceiptRoutes({ store: deps.store, rateLimit: deps.rateLimit }));

  // Before the lock and the limits below: the way back in for an owner their own lock keeps out.
  app.use(ipUnlockRoutes(deps.accounts.ipUnlock, deps.rateLimit, authenticated));

  // Public routes are limited per client network; requests carrying no credentials count against it too, and those
  // whose credentials fail count against `authFailures` (limitFailedAuthentication above).
  const perIp = limitPerIp(deps.rateLimit, "public");
  app.use((req, res, next) => (req.headers.authorization ? next() : perIp(req, res, next)));

  // Everything after authenticate() needs a valid token (so unknown paths are 401 before 404).
  // Then the account's IP lock (before any limit, so requests from outside never spend the owner's budget), and
  // what a personal access token may reach.
  app.use(authenticated, ipLock, requireIdTokenOutsideTokenScopes);
  app.use(limitPerUser(deps.rateLimit, "account"));
  // The busiest routes first: express tries every route mounted before the one that matches (no path overlaps).
  app.use(generationRoutes({ generation: deps.generation, profiles: deps, policies: deps.rateLimit.policies }));
  app.use(meRoutes(deps));
  app.use(noticeRoutes(deps));
  app.use(adminRoutes({ ...deps.admin, ipLocks: deps.accounts.ipLocks, rateLimit: deps.rateLimit }));
  app.use(
    accountRoutes({
      profiles: deps,
      ipLocks: deps.accounts.ipLocks,
      vault: deps.images.vault,
      deletion: deps.accounts.deletion,
      deletionJobs: deps.accounts.deletionJobs,
      rateLimit: deps.rateLimit,
      logger: deps.logger,
      archives: deps.accounts.archives,
    }),
  );
  app.use(imageRoutes(images));

  app.use((_req, _res, next) => next(new DomainError("not-found", "There is nothing at this address.")));
  app.use(problemHandler(deps.logger));
  return app;
}

function accessLog(logger: Logger, metrics: MetricsRecorder): express.RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      // Every rate policy answers 429 the same way; counting here covers them all.
      if (res.statusCode === 429) metrics.count("rateLimited");
      logger.request({
        requestId: String(res.locals.requestId),
        method: req.method,
        // The route pattern, not the URL: URLs can carry ids and signed-link secrets.
        route: (req.route as { path?: string } | undefined)?.path ?? "(unmatched)",
        status: res.statusCode,
        latencyMs: Math.round(Number(process.hrtime.bigint() - started) / 1e3) / 1e3,
        traceContext: req.get("x-cloud-trace-context") ?? null,
      });
    });
    next();
  };
}
