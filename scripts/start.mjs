#!/usr/bin/env node
/**
 * `npm start` / `npm run dev`: installs what is missing, then runs the stack orchestrator
 * (local/src/stack.ts) under tsx, forwarding stop signals and exiting with its code.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { bootstrap } from "./bootstrap.mjs";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

// An external Redis (BEZ_REDIS_URL) needs no local redis-server.
await bootstrap({ need: process.env.BEZ_REDIS_URL ? [] : ["redis-server"] });

const child = spawn(
  process.execPath,
  ["--import", "tsx", "local/src/stack.ts", ...process.argv.slice(2).filter((arg) => arg === "--dev")],
  { cwd: repoRoot, stdio: "inherit" },
);

// Ctrl-C reaches the orchestrator directly too (same terminal process group); it ignores the repeat.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => child.kill(signal));
}

child.on("exit", (code, signal) => {
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 1));
});
