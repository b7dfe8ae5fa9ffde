/**
 * End to end, one generation at a time: create it (`POST /v1/generations`) with the local model at 0 latency, follow
 * its events stream (`GET /v1/generations/{id}/events`) to the terminal event, then fetch the first output's
 * decrypted bytes (`GET /v1/images/{id}/content`). Everything real in between: the official Replicate client, the
 * local server's renderer and signed webhooks, webhook verification, output fetch, sanitising re-encode, encryption,
 * thumbnail, the events stream and the vault read (bench/support/e2e-server.ts, one child process).
 * Timed by tinybench (sequential runs after a warm-up); the budgets: p50 ≤ 150 ms and p95 ≤ 400 ms.
 */
import type { ChildProcess } from "node:child_process";
import { Agent, type IncomingMessage, request } from "node:http";
import { Bench } from "tinybench";
import { type GenerationEvent, terminalStatuses } from "@bez/contracts";
import { startRedis } from "../../local/src/processes/redis.ts";
import { type BenchSuite, budget } from "../harness.ts";
import { stopChild } from "../support/stop-child.ts";
import { startServerChild } from "../support/start-server-child.ts";

const body = JSON.stringify({ preset: "packshot-white", prompt: "18k yellow gold solitaire ring with a round brilliant diamond", count: 1 });

interface Targets {
  api: string;
  users: number;
}

function send(url: string, agent: Agent, token: string, method = "GET", payload?: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (payload !== undefined) Object.assign(headers, { "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) });
    const req = request(url, { method, agent, headers }, resolve);
    req.on("error", reject);
    req.end(payload);
  });
}

async function readAll(res: IncomingMessage, expected: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  if (res.statusCode !== expected) throw new Error(`${what}: got ${res.statusCode}, expected ${expected}`);
  return Buffer.concat(chunks);
}

/** Reads `status` events until a terminal one, then closes the stream. */
async function terminalEvent(res: IncomingMessage): Promise<GenerationEvent> {
  if (res.statusCode !== 200) throw new Error(`events: got ${res.statusCode}`);
  let text = "";
  for await (const chunk of res) {
    text += (chunk as Buffer).toString("utf8");
    for (let end = text.indexOf("\n\n"); end !== -1; end = text.indexOf("\n\n")) {
      const lines = text.slice(0, end).split("\n");
      text = text.slice(end + 2);
      const data = lines.find((l) => l.startsWith("data: "));
      if (!lines.includes("event: status") || !data) continue;
      const event = JSON.parse(data.slice(6)) as GenerationEvent;
      if (terminalStatuses.includes(event.status)) {
        res.destroy();
        return event;
      }
    }
  }
  throw new Error("the events stream ended before a terminal event");
}

async function generateAndFetch(api: string, agent: Agent, token: string): Promise<void> {
  const { id } = JSON.parse((await readAll(await send(`${api}/v1/generations`, agent, token, "POST", body), 202, "create")).toString("utf8")) as { id: string };
  const event = await terminalEvent(await send(`${api}/v1/generations/${id}/events`, agent, token));
  const imageId = event.outputs[0]?.imageId;
  if (event.status !== "succeeded" || !imageId) throw new Error(`generation ended ${event.status}`);
  const bytes = await readAll(await send(`${api}/v1/images/${imageId}/content`, agent, token), 200, "content");
  if (bytes.length === 0) throw new Error("empty image");
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

const suite: BenchSuite = {
  name: "generation-e2e",
  async run() {
    const redis = await startRedis({ onOutput: () => {} });
    const agent = new Agent({ keepAlive: true });
    let child: ChildProcess | undefined;
    try {
      const started = await startServerChild<Targets>("bench/support/e2e-server.ts", [redis.url], "end-to-end server");
      child = started.child;
      const { api, users } = started.targets;
      let i = 0;
      const bench = new Bench({ time: 8000, iterations: 40, warmupTime: 1500, warmupIterations: 5, retainSamples: true, throws: true });
      bench.add("generate, follow, fetch", () => generateAndFetch(api, agent, `bench-${i++ % users}`));
      await bench.run();
      const outcome = bench.tasks[0]?.result;
      if (outcome?.state !== "completed" || !outcome.latency.samples) throw new Error(`tinybench did not complete (${outcome?.state ?? "no task"})`);
      const samples = [...outcome.latency.samples].sort((a, b) => a - b);
      const what = `create → events to terminal → first output's bytes, local model at 0 latency (${samples.length} runs)`;
      return [budget(`${what}, p50 within 150 ms`, percentile(samples, 50), 150, "ms"), budget(`${what}, p95 within 400 ms`, percentile(samples, 95), 400, "ms")];
    } finally {
      agent.destroy();
      await stopChild(child);
      await redis.stop();
    }
  },
};

export default suite;
