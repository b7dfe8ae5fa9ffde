// Bundles the Cloud Functions entry for deploy: `firebase deploy` cannot resolve npm workspace packages, so
// @bez/contracts is inlined while real npm dependencies stay external and are listed in dist/package.json.
// Usage: node functions/build.mjs [outDir]  (default functions/dist; a test builds its own copy so it races no one).
// The deployed runtime is Node 22 (firebase.json); the bundle uses nothing newer than Node 20, on which we develop and test.
import { copyFile, mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "../scripts/bundle-for-node.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(process.argv[2] ?? join(here, "dist"));

await mkdir(dist, { recursive: true });
const pkg = await bundleForNode({ packageDir: here, entry: join(here, "src/index.ts"), outfile: join(dist, "index.js"), target: "node22", sourcemap: true });
await writeFile(
  join(dist, "package.json"),
  `${JSON.stringify(
    {
      name: "bez-functions",
      private: true,
      type: "module",
      main: "index.js",
      engines: { node: "22" },
      dependencies: Object.fromEntries(Object.entries(pkg.dependencies).filter(([name]) => !name.startsWith("@bez/"))),
    },
    null,
    2,
  )}\n`,
);
// Param values (functions/.env, functions/.env.<project>): firebase.json's source is dist, where the CLI looks for them.
for (const name of await readdir(here)) {
  if (/^\.env(\.[\w-]+)?$/.test(name)) await copyFile(join(here, name), join(dist, name));
}
console.log(`functions bundled into ${dist}`);
