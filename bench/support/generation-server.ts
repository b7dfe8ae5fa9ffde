/**
 * Child process of bench/suites/generation-create.ts: the real API app (embedded stores in a temp BEZ_DATA_DIR, the
 * given Redis; with a third argument, documents in the Cloud Firestore emulator at that host:port), composed as the
 * Cloud Function `api` is (`dispatchByTrigger`: generations are stored queued and submitted to the model elsewhere),
 * and beside it a bare node:http hello-world. Prints one JSON line {api, plain, users} and serves until SIGTERM.
 *
 * Two things are stood in for, each because its local stand-in would measure something else:
 * - Identity: bench-<n> tokens map to users without a call to the Firebase Auth emulator, whose per-request
 *   revocation look-up (a firebase-tools process) would dominate. The request still goes through authenticate().
 * - The model: creating needs one configured, but nothing on this path calls it. The stand-in answers a create
 *   with {id, status:"starting"} at once and sends no webhooks (the local Replicate-compatible server would render
 *   with sharp on these same two cores).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../functions/src/config.ts";
import { compose } from "../../functions/src/compose.ts";
import { createApp } from "../../functions/src/http/app.ts";
import type { Identity } from "../../functions/src/ports.ts";
import { firestoreStoreEnv } from "./firestore-emulator.ts";

const redisUrl = process.argv[2];
const users = Number(process.argv[3] ?? 128);
const firestoreHost = process.argv[4];
if (!redisUrl) throw new Error("usage: generation-server.ts <redis url> [users] [firestore emulator host:port]");

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const drain = async (req: IncomingMessage) => {
  for await (const _chunk of req);
};

const model = createServer(async (req, res) => {
  await drain(req);
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  if (req.method === "POST" && /^\/v1\/models\/[^/]+\/[^/]+\/predictions$/.test(req.url ?? "")) {
    json(201, { id: randomBytes(13).toString("hex"), status: "starting", output: null, error: null, logs: "" });
  } else if (req.url === "/v1/webhooks/default/secret") {
    json(200, { key: `whsec_${randomBytes(32).toString("base64")}` });
  } else {
    json(404, { detail: "not found" });
  }
});
const modelUrl = await listen(model);

const dataDir = await mkdtemp(join(tmpdir(), "bez-bench-generation-"));
const composition = await compose(
  loadConfig({
    BEZ_ENV: "test",
    BEZ_PROJECT_ID: "demo-bez-bench",
    BEZ_DATA_DIR: dataDir,
    BEZ_REDIS_URL: redisUrl,
    BEZ_LOG_LEVEL: "silent",
    BEZ_REPLICATE_URL: `${modelUrl}/v1`,
    BEZ_REPLICATE_TOKEN: "bench",
    BEZ_DAILY_QUOTA: "100000",
    BEZ_RATE_LIMITS: JSON.stringify({
      account: { limit: 1_000_000, windowSeconds: 60 },
      generations: { limit: 1_000_000, windowSeconds: 60 },
      // Predictions never finish here, so leases only expire: with 128 users, room for 2,560 creates a second.
      generationsInFlight: { limit: 100, leaseSeconds: 5 },
    }),
    ...(firestoreHost ? firestoreStoreEnv(firestoreHost) : {}),
  }),
  { dispatchByTrigger: true },
);

const identity: Identity = {
  ...composition.deps.identity,
  async verifyIdToken(token) {
    const n = /^bench-(\d+)$/.exec(token)?.[1];
    if (n === undefined) throw new Error("not a bench token");
    const now = new Date();
    return { uid: `benchUser${n.padStart(6, "0")}`, email: null, emailVerified: true, authTime: now, issuedAt: now, role: null };
  },
};
const api = createServer(createApp({ ...composition.deps, identity }));
const plain = createServer(async (req, res) => {
  await drain(req);
  res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
  res.end('{"hello":"world"}');
});
const [apiUrl, plainUrl] = [await listen(api), await listen(plain)];
process.stdout.write(`${JSON.stringify({ api: apiUrl, plain: plainUrl, users })}\n`);

process.once("SIGTERM", () => {
  for (const server of [api, plain, model]) {
    server.closeAllConnections();
    server.close();
  }
  composition
    .close()
    .then(() => rm(dataDir, { recursive: true, force: true }))
    .finally(() => process.exit(0));
});
