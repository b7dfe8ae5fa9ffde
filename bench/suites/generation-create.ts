/**
 * `POST /v1/generations` against a bare node:http hello-world, same run, same 16 concurrent keep-alive clients, both
 * servers in one child process (bench/support/generation-server.ts) so this load generator does not share their
 * thread. Reported: throughput ratio and p99 ratio (baseline p99 / ours).
 *
 * The goals are deliberately modest. A hello-world parses nothing and touches nothing; one accepted generation does
 * auth (the bearer middleware and the profile read), five Redis round trips (account rate, generation rate, lease,
 * quota reservation, plus the per-request limiter), a data-key look-up and AES-GCM seal of the prompt, a batched
 * write of the generation and its placeholder, an HTTP create at the model (through the official client) and a
 * transaction replacing the placeholder — around ten I/O steps in sequence. So ≥ 0.05× the throughput and
 * ≥ 0.02× the p99 are honest bars for "the create path adds no waste of its own", not a race with a no-op.
 *
 * Information rows (no goal): the same create path with documents in the Cloud Firestore emulator through the
 * production Firestore adapter, against the same hello-world.
 */
import type { ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { startRedis } from "../../local/src/processes/redis.ts";
import { type BenchSuite, result } from "../harness.ts";
import type { FirestoreEmulator } from "../../local/src/processes/firestore-emulator.ts";
import { startBenchFirestore } from "../support/firestore-emulator.ts";
import { stopChild } from "../support/stop-child.ts";
import { startServerChild } from "../support/start-server-child.ts";

const concurrency = 16;
const body = JSON.stringify({ preset: "packshot-white", prompt: "18k yellow gold solitaire ring with a round brilliant diamond", count: 1 });

interface Targets {
  api: string;
  plain: string;
  users: number;
}

const startServers = (redisUrl: string, firestoreHost?: string) =>
  startServerChild<Targets>("bench/support/generation-server.ts", [redisUrl, "128", ...(firestoreHost ? [firestoreHost] : [])], "generation server");

type Best = { ours: Run; baseline: Run };

/** Best of `rounds` interleaved rounds of the API's create against the hello-world, on a started server child. */
async function bestOf(targets: Targets, agent: Agent, rounds: number): Promise<Best> {
  const { api, plain, users } = targets;
  const token = (i: number) => `bench-${i % users}`;
  const ours = (i: number) => post(`${api}/v1/generations`, agent, token(i), 202);
  const baseline = (i: number) => post(plain, agent, token(i), 200);
  // First use of each user creates its profile and data key: not what is being measured.
  for (let u = 0; u < users; u += concurrency) await Promise.all(Array.from({ length: concurrency }, (_, k) => ours(u + k)));
  let best: Best = { ours: { perSecond: 0, p99Ms: Infinity }, baseline: { perSecond: 0, p99Ms: Infinity } };
  for (let round = 0; round < rounds; round++) {
    const b = await measure(baseline);
    const o = await measure(ours);
    best = {
      ours: { perSecond: Math.max(best.ours.perSecond, o.perSecond), p99Ms: Math.min(best.ours.p99Ms, o.p99Ms) },
      baseline: { perSecond: Math.max(best.baseline.perSecond, b.perSecond), p99Ms: Math.min(best.baseline.p99Ms, b.p99Ms) },
    };
  }
  return best;
}

/** One POST read to the end; fails unless the status is `expected`. */
function post(url: string, agent: Agent, token: string, expected: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === expected ? resolve() : reject(new Error(`got ${res.statusCode}, expected ${expected}`))));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

interface Run {
  perSecond: number;
  p99Ms: number;
}

/** `concurrency` loops for `ms`, after a warm-up; throughput and the 99th percentile of request latency. */
async function measure(send: (i: number) => Promise<void>, ms = 2000, warmupMs = 400): Promise<Run> {
  let i = 0;
  const loop = async (deadline: number, latencies: number[] | null) => {
    while (performance.now() < deadline) {
      const started = performance.now();
      await send(i++);
      latencies?.push(performance.now() - started);
    }
  };
  const warmUntil = performance.now() + warmupMs;
  await Promise.all(Array.from({ length: concurrency }, () => loop(warmUntil, null)));
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => loop(start + ms, latencies)));
  const elapsed = performance.now() - start;
  latencies.sort((a, b) => a - b);
  return { perSecond: (latencies.length * 1000) / elapsed, p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0 };
}

const suite: BenchSuite = {
  name: "generation-create",
  async run() {
    const redis = await startRedis({ onOutput: () => {} });
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    let child: ChildProcess | undefined;
    let firestore: FirestoreEmulator | null = null;
    try {
      const started = await startServers(redis.url);
      child = started.child;
      // Best of five interleaved rounds: these machines are shared, and a busy neighbour should not decide the ratio.
      const best = await bestOf(started.targets, agent, 5);
      await stopChild(child);
      child = undefined;
      const rows = [
        result(`POST /v1/generations vs node:http hello-world (${concurrency} concurrent)`, best.ours.perSecond, best.baseline.perSecond, "req/s", 0.05),
        result(`POST /v1/generations p99 vs node:http hello-world (${concurrency} concurrent)`, best.ours.p99Ms, best.baseline.p99Ms, "ms", 0.02, "lower"),
      ];
      firestore = await startBenchFirestore("demo-bez-bench");
      if (firestore) {
        const onFirestore = await startServers(redis.url, firestore.host);
        child = onFirestore.child;
        const fs = await bestOf(onFirestore.targets, agent, 2);
        rows.push(
          result(`POST /v1/generations on the Firestore emulator vs node:http hello-world`, fs.ours.perSecond, fs.baseline.perSecond, "req/s", null),
          result(`POST /v1/generations p99 on the Firestore emulator vs node:http hello-world`, fs.ours.p99Ms, fs.baseline.p99Ms, "ms", null, "lower"),
        );
      }
      return rows;
    } finally {
      agent.destroy();
      await stopChild(child);
      await firestore?.stop();
      await redis.stop();
    }
  },
};

export default suite;
