// Builds what npm publishes: dist/index.js (one ESM bundle; @bez/contracts, which is not published, is inlined and
// zod stays a dependency) and dist/types (declarations for the SDK and the contracts it exposes).
import { spawnSync } from "node:child_process";
import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "../../scripts/bundle-for-node.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function run(args) {
  const result = spawnSync(process.execPath, [tsc, ...args], { cwd: here, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`tsc ${args.join(" ")} failed`);
}

await rm(dist, { recursive: true, force: true });
await bundleForNode({ packageDir: here, entry: join(here, "src/index.ts"), outfile: join(dist, "index.js") });
run(["-p", "tsconfig.build.json"]);
run(["-p", "../contracts/tsconfig.json", "--noEmit", "false", "--declaration", "--emitDeclarationOnly", "--rewriteRelativeImportExtensions", "--outDir", join(dist, "types/contracts")]);

// Declarations keep the sources' specifiers: point them at the emitted files.
for (const folder of ["sdk", "contracts"]) {
  const directory = join(dist, "types", folder);
  for (const name of await readdir(directory)) {
    const file = join(directory, name);
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(/(from\s+["']\.{1,2}\/[^"']+)\.ts(["'])/g, "$1.js$2").replace(/(["'])@bez\/contracts\1/g, '"../contracts/index.js"'));
  }
}
