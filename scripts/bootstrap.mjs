#!/usr/bin/env node
/**
 * Makes a fresh checkout runnable: npm dependencies (when missing or older than the lock file) and the
 * system programs a command needs. Zero dependencies, since it runs before `npm ci`.
 *
 *   import { bootstrap } from "./bootstrap.mjs"; await bootstrap({ need: ["redis-server"] });
 *   node scripts/bootstrap.mjs [redis-server] [chromium]
 *
 * All output goes to stderr: stdout belongs to the command that follows (npm start prints BEZ_READY there).
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** The Debian package that provides each program. */
const APT_PACKAGES = { "redis-server": "redis-server", chromium: "chromium" };

function say(line) {
  process.stderr.write(`bootstrap: ${line}\n`);
}

function fail(line) {
  say(line);
  process.exit(1);
}

/** Runs a command with its output streamed to our stderr; exits on failure. */
function run(command, args, env = process.env) {
  say(`${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: repoRoot, env, stdio: ["inherit", 2, 2] });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(" ")} failed (exit code ${result.status ?? result.signal})`);
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : null;
}

/** "missing" (a fresh clone), "stale" (the lock changed since the last install) or "current". */
function dependencyState() {
  if (!existsSync(join(repoRoot, "node_modules"))) return "missing";
  const lock = mtime(join(repoRoot, "package-lock.json"));
  const installed = mtime(join(repoRoot, "node_modules", ".package-lock.json"));
  return lock !== null && (installed === null || lock > installed) ? "stale" : "current";
}

function onPath(program) {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** @param {{ need?: Array<keyof typeof APT_PACKAGES> }} [options] */
export async function bootstrap({ need = [] } = {}) {
  const state = dependencyState();
  const hasLock = existsSync(join(repoRoot, "package-lock.json"));
  // A fresh clone gets the exact lock (npm ci); a stale tree is updated in place, because npm ci would first
  // delete node_modules under any stack or test run that is using it.
  if (state === "missing") run("npm", hasLock ? ["ci"] : ["install"]);
  else if (state === "stale") run("npm", ["install", "--no-audit", "--no-fund"]);

  const unknown = need.filter((program) => !(program in APT_PACKAGES));
  if (unknown.length > 0) fail(`unknown program(s): ${unknown.join(", ")} (known: ${Object.keys(APT_PACKAGES).join(", ")})`);
  const missing = need.filter((program) => !onPath(program));
  if (missing.length === 0) return;
  const packages = [...new Set(missing.map((program) => APT_PACKAGES[program]))];
  if (process.getuid?.() !== 0) {
    fail(`missing ${missing.join(", ")}. Install with:\n  sudo apt-get install -y ${packages.join(" ")}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update"], env);
  run("apt-get", ["install", "-y", ...packages], env);
  const stillMissing = missing.filter((program) => !onPath(program));
  if (stillMissing.length > 0) fail(`still missing after apt-get install: ${stillMissing.join(", ")}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bootstrap({ need: process.argv.slice(2) });
}
