/**
 * The local API server: the same Express app as the Cloud Function, on node:http, with embedded adapters.
 * Started by `npm start` (local/src/stack.ts) and by the API tests.
 */
import { createServer } from "node:http";
import { ConfigError, loadConfig } from "./config.ts";
import { compose } from "./compose.ts";
import { createApp } from "./http/app.ts";

async function main(): Promise<void> {
  const config = loadConfig();
  const composition = await compose(config);
  const server = createServer(createApp(composition.deps));
  server.keepAliveTimeout = 5000;
  server.listen(config.api.port, config.api.host, () => {
    composition.deps.logger.info("api listening", { url: `http://${config.api.host}:${config.api.port}` });
  });

  // The stuck-job reconciler; one pass at a time.
  let reconciling = false;
  const reconciler = setInterval(() => {
    if (reconciling) return;
    reconciling = true;
    composition
      .reconcile()
      .catch((err: unknown) => composition.deps.logger.warn("reconcile failed", { error: err instanceof Error ? err.name : "error" }))
      .finally(() => {
        reconciling = false;
      });
  }, config.generation.reconcileIntervalSeconds * 1000);
  reconciler.unref();

  // The deletion sweeper; one pass at a time.
  let sweeping = false;
  const sweeper = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    composition
      .sweepDeletions()
      .catch((err: unknown) => composition.deps.logger.warn("deletion sweep failed", { error: err instanceof Error ? err.name : "error" }))
      .finally(() => {
        sweeping = false;
      });
  }, config.deletionSweepSeconds * 1000);
  sweeper.unref();

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearInterval(reconciler);
    clearInterval(sweeper);
    server.close();
    server.closeAllConnections();
    composition.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Bez API failed to start: ${String(err)}`}\n`);
  process.exit(1);
});
