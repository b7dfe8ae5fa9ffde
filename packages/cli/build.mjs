// Builds what npm publishes: dist/bez.js, one executable ESM bundle. @bez/sdk and @bez/contracts (workspace
// packages) are inlined from source; csv-parse and zod stay dependencies. `node build.mjs <outfile>` builds elsewhere
// (the tests build a fresh bundle this way).
import { chmod, rm } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "../../scripts/bundle-for-node.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = process.argv[2] ? resolve(process.argv[2]) : join(here, "dist/bez.js");

if (!process.argv[2]) await rm(join(here, "dist"), { recursive: true, force: true });
await bundleForNode({ packageDir: here, entry: join(here, "src/bin.ts"), outfile, conditions: ["source"] });
await chmod(outfile, 0o755);
