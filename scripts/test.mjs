#!/usr/bin/env node
/**
 * `npm test`: every check, in order, stopping at the first failure — typecheck, lint, unit/API tests
 * (Vitest), browser tests (Playwright). Installs what is missing first.
 */
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { bootstrap } from "./bootstrap.mjs";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const started = performance.now();

await bootstrap({ need: ["redis-server", "chromium"] });

const steps = [
  ["typecheck", "npm", ["run", "typecheck"]],
  ["lint", "npm", ["run", "lint"]],
  ["vitest", "npx", ["vitest", "run"]],
  ["playwright", "npx", ["playwright", "test"]],
];

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const summary = [];

for (const [name, command, args] of steps) {
  process.stderr.write(`\n== ${name}: ${command} ${args.join(" ")}\n`);
  const stepStarted = performance.now();
  // The environment (CI included) passes through unchanged.
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: "inherit", env: process.env });
  const ok = result.status === 0;
  summary.push(`${ok ? "✔" : "✘"} ${name.padEnd(10)} ${seconds(stepStarted)}`);
  if (!ok) {
    const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
    process.stderr.write(`\n${summary.join("\n")}\n\nnpm test FAILED at ${name} (${why}); later steps did not run. Total ${seconds(started)}.\n`);
    process.exit(1);
  }
}

process.stderr.write(`\n${summary.join("\n")}\n\nnpm test passed. Total ${seconds(started)}.\n`);
