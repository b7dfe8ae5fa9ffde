/**
 * `POST /v1/generations` against a bare node:http hello-world, same run, same 16 concurrent keep-alive clients
 * (autocannon), both servers in one child process (bench/support/generation-server.ts) so this load generator does not
 * share their thread. Interleaved rounds, medians. Goals (issue 15): ≥ 0.15× the hello-world's throughput, and a p99
 * of at most 25 ms at 16 concurrent.
 *
 * One accepted generation does auth (the bearer middleware and the profile read), the per-user request limit, then the
 * generation rate, in-flight lease and quota reservation in one Lua script, a data-key look-up and AES-GCM seal of the
 * prompt, and one transaction storing the generation, its placeholder (and an Idempotency-Key's record, when sent),
 * then answers 202 queued. The model call is not on this path: as on Cloud Functions, where the API function
 * composes with `dispatchByTrigger` and a Firestore trigger submits each generation on its own instances, the server
 * here runs no dispatcher (its generations stay queued, their leases expire). The dispatch's own cost (a claim
 * transaction, the model create, a register transaction) is the e2e suite's to measure.
 *
 * Information rows (no goal): the same create path with documents in the Cloud Firestore emulator through the
 * production Firestore adapter, against the same hello-world.
 */
import type { ChildProcess } from "node:child_process";
import { startRedis } from "../../local/src/processes/redis.ts";
import { type BenchResult, type BenchSuite, budget, interleave, median, result } from "../harness.ts";
import type { FirestoreEmulator } from "../../local/src/processes/firestore-emulator.ts";
import { startBenchFirestore } from "../support/firestore-emulator.ts";
import { load } from "../support/http-load.ts";
import { stopChild } from "../support/stop-child.ts";
import { startServerChild } from "../support/start-server-child.ts";

const concurrency = 16;
const p99BudgetMs = 25;
const body = JSON.stringify({ preset: "packshot-white", prompt: "18k yellow gold solitaire ring with a round brilliant diamond", count: 1 });

interface Targets {
  api: string;
  plain: string;
  users: number;
}

const startServers = (redisUrl: string, firestoreHost?: string) =>
  startServerChild<Targets>("bench/support/generation-server.ts", [redisUrl, "128", ...(firestoreHost ? [firestoreHost] : [])], "generation server");

interface Measured {
  perSecond: { ours: number; baseline: number };
  p99Ms: { ours: number; baseline: number };
}

/** `rounds` interleaved rounds of `seconds` each, the API's create against the hello-world, on a started server child. */
async function measure(targets: Targets, rounds: number, seconds: number): Promise<Measured> {
  const { api, plain, users } = targets;
  const run = (url: string, warmupSeconds = 0.5) =>
    load({
      url,
      connections: concurrency,
      seconds,
      warmupSeconds,
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
      headersFor: (i) => ({ authorization: `Bearer bench-${i % users}` }),
    });
  // The first request of each user creates its profile and data key: not what is being measured.
  await run(`${api}/v1/generations`, 2);
  const p99: { ours: number[]; baseline: number[] } = { ours: [], baseline: [] };
  const perSecond = await interleave(rounds, async (side) => {
    const outcome = await run(side === "ours" ? `${api}/v1/generations` : plain);
    p99[side].push(outcome.p99Ms);
    return outcome.perSecond;
  });
  return { perSecond, p99Ms: { ours: median(p99.ours), baseline: median(p99.baseline) } };
}

const suite: BenchSuite = {
  name: "generation-create",
  async run() {
    const redis = await startRedis({ onOutput: () => {} });
    let child: ChildProcess | undefined;
    let firestore: FirestoreEmulator | null = null;
    try {
      const started = await startServers(redis.url);
      child = started.child;
      const best = await measure(started.targets, 5, 3);
      await stopChild(child);
      child = undefined;
      const rows: BenchResult[] = [
        result(`POST /v1/generations vs node:http hello-world (${concurrency} concurrent)`, best.perSecond.ours, best.perSecond.baseline, "req/s", 0.15),
        budget(
          `POST /v1/generations p99 (${concurrency} concurrent; hello-world p99 ${best.p99Ms.baseline} ms) within ${p99BudgetMs} ms`,
          best.p99Ms.ours,
          p99BudgetMs,
          "ms",
        ),
      ];
      firestore = await startBenchFirestore("demo-bez-bench");
      if (firestore) {
        const onFirestore = await startServers(redis.url, firestore.host);
        child = onFirestore.child;
        try {
          // Creates on the emulator take far longer: rounds long enough for many of them to complete.
          const fs = await measure(onFirestore.targets, 2, 5);
          rows.push(
            result(`POST /v1/generations on the Firestore emulator vs node:http hello-world`, fs.perSecond.ours, fs.perSecond.baseline, "req/s", null),
            result(`POST /v1/generations p99 on the Firestore emulator vs node:http hello-world`, fs.p99Ms.ours, fs.p99Ms.baseline, "ms", null, "lower"),
          );
        } catch (error) {
          // Information rows never fail the run, and must not take the goal rows above down with them.
          process.stderr.write(`bench: Firestore emulator rows skipped: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
      return rows;
    } finally {
      await stopChild(child);
      await firestore?.stop();
      await redis.stop();
    }
  },
};

export default suite;
