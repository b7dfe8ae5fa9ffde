/**
 * Serving a ~4 MB image from the vault — `GET /v1/images/{id}/content` through the real app via a signed link (as an
 * <img src> does): link check, record lookup, blob stream, AES-256-GCM open as it streams, response — against a
 * plain node:http server streaming the same bytes from a file. Both servers run in one child process (bench/support/
 * image-server.ts), so the load generator (autocannon, 8 keep-alive connections) does not share their thread.
 * Interleaved rounds, medians. Goal ≥ 0.7×.
 */
import type { ChildProcess } from "node:child_process";
import { startRedis } from "../../local/src/processes/redis.ts";
import { type BenchSuite, interleave, result } from "../harness.ts";
import { load } from "../support/http-load.ts";
import { stopChild } from "../support/stop-child.ts";
import { startServerChild } from "../support/start-server-child.ts";

const concurrency = 8;

interface Targets {
  api: string;
  plain: string;
  bytes: number;
}

const suite: BenchSuite = {
  name: "image-serving",
  async run() {
    const redis = await startRedis({ onOutput: () => {} });
    let child: ChildProcess | undefined;
    try {
      const started = await startServerChild<Targets>("bench/support/image-server.ts", [redis.url], "image server");
      child = started.child;
      const { api, plain, bytes } = started.targets;
      const rates = await interleave(3, async (side) => {
        // Rounds of several seconds: a 4 MB answer still in flight when a round ends is not counted.
        const run = await load({ url: side === "ours" ? api : plain, connections: concurrency, seconds: 5, warmupSeconds: 1 });
        return run.bytesPerSecond / 1e6;
      });
      const size = `${(bytes / 1e6).toFixed(1)} MB`;
      return [result(`GET /v1/images/{id}/content (${size}, signed link) vs plain file streaming, ${concurrency} concurrent`, rates.ours, rates.baseline, "MB/s", 0.7)];
    } finally {
      await stopChild(child);
      await redis.stop();
    }
  },
};

export default suite;
