/**
 * Account erasure time as the account grows: a full deletion (all ten steps, compaction included) of an account
 * with 1,000 images (+200 generations) and of one with 10,000 (+2,000), each seeded through the vault with real
 * encryption, real blobs and journaled documents, beside a bystander account that must stay. The figure is the
 * ratio time(10k) / time(1k) against 10, the ratio of linear work: near 10 means erasure scales linearly, well
 * above it means something in it grows faster than the data (the goal, ≥ 0.8×, allows up to 12.5). Auth is a stub
 * here (its calls are a constant few per deletion); Redis is a real redis-server.
 *
 * An information row (no goal) erases the 1,000-image account on the Cloud Firestore emulator through the production
 * Firestore adapter, against the same erasure on the embedded store.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startRedis } from "../../local/src/processes/redis.ts";
import { compose } from "../../functions/src/compose.ts";
import { loadConfig } from "../../functions/src/config.ts";
import { ensureProfile } from "../../functions/src/core/accounts/profile.ts";
import { requestDeletion, runDeletion } from "../../functions/src/core/deletion/run.ts";
import type { Identity } from "../../functions/src/ports.ts";
import { contextFor, seedGenerations, seedRawImages } from "../../tests/helpers/accounts.ts";
import type { FirestoreEmulator } from "../../local/src/processes/firestore-emulator.ts";
import { type BenchSuite, result } from "../harness.ts";
import { firestoreStoreEnv, startBenchFirestore } from "../support/firestore-emulator.ts";

const identity: Identity = {
  verifyIdToken: () => Promise.reject(new Error("not used")),
  revokeSessions: async () => {},
  disable: async () => {},
  delete: async () => {},
  hasUser: async () => false,
  isDisabled: async () => true,
  setRole: async () => {},
  findUid: async () => null,
  ping: async () => {},
};

const projectId = "demo-bez-bench";

async function deletionMs(redisUrl: string, images: number, round: number, storeEnv: Record<string, string> = {}): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), "bez-bench-deletion-"));
  const composition = await compose(
    loadConfig({ BEZ_ENV: "test", BEZ_PROJECT_ID: projectId, BEZ_DATA_DIR: dataDir, BEZ_REDIS_URL: redisUrl, BEZ_LOG_LEVEL: "silent", ...storeEnv }),
  );
  try {
    const { deps } = composition;
    const uid = `benchErase${images}r${round}`;
    for (const who of [uid, `${uid}keep`]) {
      await ensureProfile(deps, contextFor(who));
      await seedRawImages(deps, who, images, 2048);
      await seedGenerations(deps, who, images / 5);
    }
    const deletion = { ...deps.accounts.deletion, identity };
    const id = await requestDeletion(deletion, contextFor(uid));
    const started = performance.now();
    const outcome = await runDeletion(deletion, id);
    const ms = performance.now() - started;
    if (outcome !== "complete") throw new Error(`deletion ended ${outcome}`);
    return ms;
  } finally {
    await composition.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const suite: BenchSuite = {
  name: "deletion",
  async run() {
    const redis = await startRedis({ onOutput: () => {} });
    let firestore: FirestoreEmulator | null = null;
    try {
      // Best of two for each size, interleaved, so drift hits both alike.
      let small = Infinity;
      let large = Infinity;
      for (let round = 0; round < 2; round++) {
        small = Math.min(small, await deletionMs(redis.url, 1_000, round));
        large = Math.min(large, await deletionMs(redis.url, 10_000, round));
      }
      const name = `erasure time, 10k images vs 1k (${(large / 1000).toFixed(2)} s vs ${(small / 1000).toFixed(2)} s) against 10× (linear)`;
      const rows = [result(name, large / small, 10, "× of the 1k time", 0.8, "lower")];
      firestore = await startBenchFirestore(projectId);
      if (firestore) {
        const onFirestore = await deletionMs(redis.url, 1_000, 0, firestoreStoreEnv(firestore.host));
        rows.push(result("erasure of 1k images on the Firestore emulator vs the embedded store", onFirestore, small, "ms", null, "lower"));
      }
      return rows;
    } finally {
      await firestore?.stop();
      await redis.stop();
    }
  },
};

export default suite;
