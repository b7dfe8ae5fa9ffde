// Builds what npm publishes: dist/bez.js, one executable ESM bundle. @bez/sdk and @bez/contracts (workspace
// packages) are inlined from source; csv-parse and zod stay dependencies. `node build.mjs <outfile>` builds elsewhere
// (the tests build a fresh bundle this way).
import { chmod, readFile, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(await readFile(join(here, "package.json"), "utf8"));
const outfile = process.argv[2] ? resolve(process.argv[2]) : join(here, "dist/bez.js");

if (!process.argv[2]) await rm(join(here, "dist"), { recursive: true, force: true });
await build({
  entryPoints: [join(here, "src/bin.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  conditions: ["source"],
  external: Object.keys(pkg.dependencies).flatMap((name) => [name, `${name}/*`]),
  logLevel: "warning",
});
await chmod(outfile, 0o755);
