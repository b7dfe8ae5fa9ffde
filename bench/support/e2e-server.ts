/**
 * Child process of bench/suites/generation-e2e.ts: the local Replicate-compatible server at 0 latency (its offline
 * renderer, signed webhooks) and the real API app wired to it (embedded stores in a temp BEZ_DATA_DIR, the given
 * Redis), both on loopback. Prints one JSON line {api, users} and serves until SIGTERM.
 *
 * Identity is stood in for, as in generation-server.ts: bench-<n> tokens map to users without a call to the Firebase
 * Auth emulator (a firebase-tools process whose per-request revocation look-up would be measured instead); the
 * request still goes through authenticate().
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startReplicateServer } from "../../local/src/replicate/server.ts";
import { loadConfig } from "../../functions/src/config.ts";
import { compose } from "../../functions/src/compose.ts";
import { createApp } from "../../functions/src/http/app.ts";
import type { Identity } from "../../functions/src/ports.ts";

const redisUrl = process.argv[2];
const users = 8;
if (!redisUrl) throw new Error("usage: e2e-server.ts <redis url>");

const replicate = await startReplicateServer({ port: 0, host: "127.0.0.1", latencyMs: 0, log: () => {} });
// The API's own port is chosen first: webhooks and reference links are addressed to it.
const api = createServer();
await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
const { port } = api.address() as AddressInfo;
const dataDir = await mkdtemp(join(tmpdir(), "bez-bench-e2e-"));
const composition = await compose(
  loadConfig({
    BEZ_ENV: "test",
    BEZ_PROJECT_ID: "demo-bez-bench",
    BEZ_DATA_DIR: dataDir,
    BEZ_REDIS_URL: redisUrl,
    BEZ_LOG_LEVEL: "silent",
    BEZ_API_PORT: String(port),
    BEZ_REPLICATE_URL: replicate.url,
    BEZ_REPLICATE_TOKEN: "bench",
    BEZ_DAILY_QUOTA: "100000",
    BEZ_RATE_LIMITS: JSON.stringify({
      account: { limit: 1_000_000, windowSeconds: 60 },
      generations: { limit: 1_000_000, windowSeconds: 60 },
    }),
  }),
);

const identity: Identity = {
  ...composition.deps.identity,
  async verifyIdToken(token) {
    const n = /^bench-(\d+)$/.exec(token)?.[1];
    if (n === undefined) throw new Error("not a bench token");
    const now = new Date();
    return { uid: `benchE2eUser${n.padStart(6, "0")}`, email: null, emailVerified: true, authTime: now, issuedAt: now, role: null };
  },
};
api.on("request", createApp({ ...composition.deps, identity }));
process.stdout.write(`${JSON.stringify({ api: `http://127.0.0.1:${port}`, users })}\n`);

process.once("SIGTERM", () => {
  api.closeAllConnections();
  api.close();
  composition
    .close()
    .then(() => replicate.stop())
    .then(() => rm(dataDir, { recursive: true, force: true }))
    .finally(() => process.exit(0));
});
