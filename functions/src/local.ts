/**
 * The local API server: the same Express app as the Cloud Function, on node:http, with embedded adapters.
 * Started by `npm start` (local/src/stack.ts) and by the API tests.
 */
import { createServer } from "node:http";
import { ConfigError, loadConfig } from "./config.ts";
import { compose } from "./compose.ts";
import { createApp } from "./http/app.ts";

const telemetryFlushSeconds = 10;

async function main(): Promise<void> {
  const config = loadConfig();
  const composition = await compose(config);
  const server = createServer(createApp(composition.deps));
  server.keepAliveTimeout = 5000;
  server.listen(config.api.port, config.api.host, () => {
    composition.deps.logger.info("api listening", { port: config.api.port });
  });

  const timers = [
    // The stuck-job reconciler, the deletion sweeper, audit sealing and retention: each one pass at a time.
    everyInterval("reconcile", config.generation.reconcileIntervalSeconds, () => composition.reconcile()),
    everyInterval("deletion sweep", config.deletionSweepSeconds, () => composition.sweepDeletions()),
    everyInterval("audit sealing", config.audit.digestSeconds, () => composition.sealAudit()),
    everyInterval("audit retention", 3600, () => composition.purgeAudit()),
    // Admin metrics gathered in memory go to the store off the request path; close() flushes the rest.
    everyInterval("metrics flush", telemetryFlushSeconds, () => composition.flushTelemetry()),
  ];

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const timer of timers) clearInterval(timer);
    server.close();
    server.closeAllConnections();
    composition.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);

  function everyInterval(name: string, seconds: number, pass: () => Promise<unknown>): NodeJS.Timeout {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      pass()
        .catch((err: unknown) => composition.deps.logger.warn(`${name} failed`, { error: err instanceof Error ? err.name : "error" }))
        .finally(() => {
          running = false;
        });
    }, seconds * 1000);
    timer.unref();
    return timer;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : `Bez API failed to start: ${String(err)}`}\n`);
  process.exit(1);
});
