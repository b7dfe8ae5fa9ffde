/**
 * Builds the ports from configuration: production adapters (Firestore, Cloud Storage) or the embedded
 * ones (journaled document store and filesystem blobs under BEZ_DATA_DIR). Redis and Firebase Auth are
 * real in every mode (a local redis-server and the Auth emulator).
 */
import { join } from "node:path";
import indexes from "../../firestore.indexes.json" with { type: "json" };
import type { Config } from "./config.ts";
import { createAuditWriter } from "./core/audit/audit-writer.ts";
import { createFirestoreStore } from "./adapters/firestore/document-store.ts";
import { createCloudStorageBlobStore } from "./adapters/cloud-storage/blob-store.ts";
import { createEmbeddedStore } from "./adapters/embedded-store/index.ts";
import { createFsBlobStore } from "./adapters/fs-blobs/index.ts";
import { bucketOf, closeAdminApp, createAdminApp, firestoreOf } from "./adapters/firebase/admin-app.ts";
import { createFirebaseIdentity } from "./adapters/firebase/identity.ts";
import { createRedis, pingRedis } from "./adapters/redis/client.ts";
import { createDailySalt } from "./adapters/redis/daily-salt.ts";
import { createRedisRateLimiter } from "./adapters/redis/rate-limiter.ts";
import { systemClock } from "./adapters/system/clock.ts";
import { createIds } from "./adapters/system/ids.ts";
import { createLogger } from "./adapters/system/logger.ts";
import { IpRanges } from "./core/net/cidr.ts";
import type { AppDeps } from "./http/app.ts";
import type { BlobStore, DocumentStore } from "./ports.ts";

export interface Composition {
  deps: AppDeps;
  close(): Promise<void>;
}

let compositions = 0;

export async function compose(config: Config): Promise<Composition> {
  const clock = systemClock;
  const ids = createIds(clock);
  const logger = createLogger(config.logLevel);
  const adminApp = createAdminApp(config.projectId, `bez-${++compositions}`);

  let store: DocumentStore;
  let blobs: BlobStore;
  if (config.dataDir) {
    store = await createEmbeddedStore({ dir: join(config.dataDir, "documents"), indexes });
    blobs = await createFsBlobStore({ dir: join(config.dataDir, "blobs") });
  } else {
    store = createFirestoreStore(firestoreOf(adminApp));
    blobs = createCloudStorageBlobStore(bucketOf(adminApp, config.storageBucket));
  }

  const redis = createRedis(config.redisUrl);
  const identity = createFirebaseIdentity(adminApp);
  const audit = createAuditWriter({ store, clock, ids });
  const limiter = createRedisRateLimiter(redis);

  const deps: AppDeps = {
    store,
    audit,
    clock,
    identity,
    logger,
    limiter,
    dailyQuota: config.limits.dailyImages.limit,
    rateLimit: {
      limiter,
      policies: config.limits,
      trustedProxies: new IpRanges(config.trustedProxies),
      dailySalt: createDailySalt(redis, clock),
    },
    webOrigins: config.webOrigins,
    version: config.version,
    healthChecks: [
      { name: "store", check: () => store.ping() },
      { name: "blobs", check: () => blobs.ping() },
      { name: "redis", check: () => pingRedis(redis) },
      { name: "auth", check: () => identity.ping() },
    ],
  };

  return {
    deps,
    async close() {
      redis.disconnect();
      await store.close();
      await closeAdminApp(adminApp);
    },
  };
}
