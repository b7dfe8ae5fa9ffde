/**
 * Vitest globalSetup: one redis-server and one Auth emulator (project demo-bez-test) for the whole run.
 * Workers inherit BEZ_TEST_REDIS_URL, BEZ_TEST_AUTH_HOST and BEZ_TEST_PROJECT_ID from this process.
 */
import { startAuthEmulator } from "../local/src/processes/auth-emulator.ts";
import { freePort } from "../local/src/processes/free-port.ts";
import { startRedis } from "../local/src/processes/redis.ts";

const PROJECT_ID = "demo-bez-test";
// Their output only matters when they fail to start, and then the error quotes its last lines.
const quiet = () => {};

export default async function setup(): Promise<() => Promise<void>> {
  const [redis, auth] = await Promise.allSettled([
    startRedis({ onOutput: quiet }),
    freePort().then((port) => startAuthEmulator({ port, projectId: PROJECT_ID, onOutput: quiet })),
  ]);
  if (redis.status === "fulfilled" && auth.status === "fulfilled") {
    process.env.BEZ_TEST_REDIS_URL = redis.value.url;
    process.env.BEZ_TEST_AUTH_HOST = auth.value.host;
    process.env.BEZ_TEST_PROJECT_ID = PROJECT_ID;
    return async () => {
      await Promise.all([redis.value.stop(), auth.value.stop()]);
    };
  }
  // One started and the other did not: stop the survivor, report the failure.
  await Promise.all([redis, auth].map((started) => (started.status === "fulfilled" ? started.value.stop() : undefined)));
  const reasons = [redis, auth].flatMap((started) => (started.status === "rejected" ? [started.reason] : []));
  throw reasons[0];
}
