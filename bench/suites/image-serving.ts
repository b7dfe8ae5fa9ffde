/**
 * Serving a ~4 MB image from the vault — `GET /v1/images/{id}/content` through the real app via a signed link (as an
 * <img src> does): record lookup, blob read, AES-256-GCM open of the whole object, response — against a plain
 * node:http server streaming the same bytes from a file. Both servers run in one child process (bench/support/
 * image-server.ts), so the load generator here does not share their thread; 8 concurrent keep-alive clients each.
 * Goal ≥ 0.5×.
 */
import type { ChildProcess } from "node:child_process";
import { Agent, get } from "node:http";
import { startRedis } from "../../local/src/processes/redis.ts";
import { type BenchSuite, compare, concurrentThroughput, result } from "../harness.ts";
import { stopChild } from "../support/stop-child.ts";
import { startServerChild } from "../support/start-server-child.ts";

const concurrency = 8;

interface Targets {
  api: string;
  plain: string;
  bytes: number;
}

const startServers = (redisUrl: string) => startServerChild<Targets>("bench/support/image-server.ts", [redisUrl], "image server");

/** One GET read to the end; fails unless it is a 200 of exactly `bytes` bytes. */
function fetchAll(url: string, agent: Agent, bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let received = 0;
      res.on("data", (chunk: Buffer) => (received += chunk.length));
      res.on("end", () => (res.statusCode === 200 && received === bytes ? resolve() : reject(new Error(`got ${res.statusCode}, ${received} bytes`))));
      res.on("error", reject);
    }).on("error", reject);
  });
}

const suite: BenchSuite = {
  name: "image-serving",
  async run() {
    const redis = await startRedis({ onOutput: () => {} });
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    let child: ChildProcess | undefined;
    try {
      const started = await startServers(redis.url);
      child = started.child;
      const { api, plain, bytes } = started.targets;
      const megabytesPerSecond = (url: string) => async () =>
        ((await concurrentThroughput(() => fetchAll(url, agent, bytes), concurrency, 1000, 200)) * bytes) / 1e6;
      // Many short interleaved rounds, best of each: these machines are shared, so both sides get the same chances.
      const best = await compare(megabytesPerSecond(api), megabytesPerSecond(plain), 8);
      const size = `${(bytes / 1e6).toFixed(1)} MB`;
      return [result(`GET /v1/images/{id}/content (${size}, signed link) vs plain file streaming, ${concurrency} concurrent`, best.ours, best.baseline, "MB/s", 0.5)];
    } finally {
      agent.destroy();
      await stopChild(child);
      await redis.stop();
    }
  },
};

export default suite;
