/**
 * `npm run bench`: runs every suite in bench/suites (or those named on the command line), prints a table and
 * writes bench/results.json as [{"name","ours","baseline","unit","ratio","goal","pass"}].
 */
import { readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchResult, BenchSuite } from "./harness.ts";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

const files = (await readdir(join(here, "suites"))).filter((f) => f.endsWith(".ts")).sort();
const results: BenchResult[] = [];
for (const file of files) {
  const suite = ((await import(pathToFileURL(join(here, "suites", file)).href)) as { default: BenchSuite }).default;
  if (only.length > 0 && !only.includes(suite.name)) continue;
  process.stderr.write(`bench: ${suite.name}…\n`);
  results.push(...(await suite.run()));
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
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
console.log(line(header));
for (const row of rows) console.log(line(row));

await writeFile(join(here, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${join(here, "results.json")}`);
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
