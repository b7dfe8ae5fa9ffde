/**
 * `npm run bench`: runs every suite in bench/suites (or those named on the command line, e.g. `npm run bench --
 * deletion`), prints a table and writes bench/results.json as [{"name","ours","baseline","unit","ratio","goal","pass"}].
 * Exits 0 exactly when every goal holds: information rows (goal null) never fail; a suite that throws does.
 */
import { readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchResult, BenchSuite } from "./harness.ts";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

const suites: BenchSuite[] = [];
for (const file of (await readdir(join(here, "suites"))).filter((f) => f.endsWith(".ts")).sort()) {
  suites.push(((await import(pathToFileURL(join(here, "suites", file)).href)) as { default: BenchSuite }).default);
}
const unknown = only.filter((name) => !suites.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`bench: no suite named ${unknown.join(", ")} (suites: ${suites.map((s) => s.name).join(", ")})`);
  process.exit(2);
}

const results: BenchResult[] = [];
const failedSuites: string[] = [];
for (const suite of suites) {
  if (only.length > 0 && !only.includes(suite.name)) continue;
  process.stderr.write(`bench: ${suite.name}…\n`);
  try {
    results.push(...(await suite.run()));
  } catch (error) {
    failedSuites.push(suite.name);
    process.stderr.write(`bench: ${suite.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
}

const rows = results.map((r) => [
  r.name,
  `${r.ours} ${r.unit}`,
  `${r.baseline} ${r.unit}`,
  `${r.ratio}×`,
  r.goal === null ? "(information)" : `≥ ${r.goal}×`,
  r.goal === null ? "" : r.pass ? "pass" : "FAIL",
]);
const header = ["benchmark", "ours", "baseline", "ratio", "goal", ""];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
console.log(line(header));
for (const row of rows) console.log(line(row));
for (const name of failedSuites) console.log(`${name}: the suite failed (see above); counted as a failed goal`);

await writeFile(join(here, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
const failed = results.filter((r) => !r.pass).length + failedSuites.length;
console.log(`\nwrote ${join(here, "results.json")}; ${failed === 0 ? "every goal holds" : `${failed} goal(s) missed`}`);
process.exitCode = failed === 0 ? 0 : 1;
