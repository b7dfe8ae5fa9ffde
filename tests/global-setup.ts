/**
 * Vitest globalSetup: one redis-server, one Auth emulator (project demo-bez-test) and one Cloud Firestore emulator for
 * the whole run. Workers inherit BEZ_TEST_REDIS_URL, BEZ_TEST_AUTH_HOST, BEZ_TEST_PROJECT_ID and FIRESTORE_EMULATOR_HOST
 * from this process. An emulator already named by FIRESTORE_EMULATOR_HOST is used as it is; where none is installed
 * (a laptop without the Cloud SDK), FIRESTORE_EMULATOR_HOST stays unset and each Firestore leg says why it skipped.
 */
import { loadFirestoreEmulatorConfig } from "../local/src/config.ts";
import { startAuthEmulator } from "../local/src/processes/auth-emulator.ts";
import { FIRESTORE_EMULATOR_INSTALL_HINT, findFirestoreEmulator, startFirestoreEmulator } from "../local/src/processes/firestore-emulator.ts";
import { freePort } from "../local/src/processes/free-port.ts";
import { startRedis } from "../local/src/processes/redis.ts";

const PROJECT_ID = "demo-bez-test";
// Their output only matters when they fail to start, and then the error quotes its last lines.
const quiet = () => {};

type Stoppable = { stop(): Promise<void> } | null;

async function startFirestore(): Promise<Stoppable> {
  const config = loadFirestoreEmulatorConfig();
  if (config.externalHost) return null;
  const launcher = findFirestoreEmulator(config.launcher);
  if (!launcher) {
    console.warn(`[global-setup] no Cloud Firestore emulator on this machine, so the Firestore legs will skip: ${FIRESTORE_EMULATOR_INSTALL_HINT}`);
    return null;
  }
  const emulator = await startFirestoreEmulator({ launcher, projectId: PROJECT_ID, onOutput: quiet });
  process.env.FIRESTORE_EMULATOR_HOST = emulator.host;
  return emulator;
}

const startAuth = () => freePort().then((port) => startAuthEmulator({ port, projectId: PROJECT_ID, onOutput: quiet }));

export default async function setup(): Promise<() => Promise<void>> {
  // Each vitest project runs the global setup in this one process: the first one starts everything for all.
  if (process.env.BEZ_TEST_REDIS_URL) return async () => {};
  const started = await Promise.allSettled([
    startRedis({ onOutput: quiet }),
    // Once more on failure: the emulator hub's port is picked free while Redis and the Firestore emulator are starting
    // and taking ports of their own, and firebase-tools gives up when the hub's port was taken in between.
    startAuth().catch(() => startAuth()),
    startFirestore(),
  ]);
  const [redis, auth] = started;
  const stopAll = () => Promise.all(started.map((part) => (part.status === "fulfilled" ? part.value?.stop() : undefined)));
  if (redis.status === "fulfilled" && auth.status === "fulfilled" && started[2].status === "fulfilled") {
    process.env.BEZ_TEST_REDIS_URL = redis.value.url;
    process.env.BEZ_TEST_AUTH_HOST = auth.value.host;
    process.env.BEZ_TEST_PROJECT_ID = PROJECT_ID;
    return async () => {
      await stopAll();
    };
  }
  // Something failed to start: stop the survivors, report the first failure.
  await stopAll();
  const reasons = started.flatMap((part) => (part.status === "rejected" ? [part.reason] : []));
  throw reasons[0];
}
