/**
 * `tsx local/src/replicate/cli.ts`: the local Replicate-compatible server on 127.0.0.1:BEZ_REPLICATE_PORT
 * (npm start runs it when REPLICATE_API_TOKEN is unset). Stops cleanly on SIGINT / SIGTERM.
 */
import { ConfigError, loadReplicateServerConfig } from "../config.ts";
import { startReplicateServer } from "./server.ts";

async function main(): Promise<void> {
  const config = loadReplicateServerConfig();
  const server = await startReplicateServer({ port: config.port, latencyMs: config.latencyMs, dataDir: config.dataDir });
  process.stderr.write(`replicate-compatible server at ${server.url}\n`);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      void server.stop().then(() => process.exit(0));
    });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `failed: ${err instanceof Error ? err.message : String(err)}`}\n`);
  process.exit(1);
});
