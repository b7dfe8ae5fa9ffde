// Bundles the Cloud Functions entry for deploy: `firebase deploy` cannot resolve npm workspace packages, so
// @bez/contracts is inlined while real npm dependencies stay external and are listed in dist/package.json.
import { build } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(await readFile(join(here, "package.json"), "utf8"));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith("@bez/"));
const dist = join(here, "dist");

await mkdir(dist, { recursive: true });
await build({
  entryPoints: [join(here, "src/index.ts")],
  outfile: join(dist, "index.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  sourcemap: true,
  external: external.flatMap((name) => [name, `${name}/*`]),
  logLevel: "warning",
});
await writeFile(
  join(dist, "package.json"),
  `${JSON.stringify(
    {
      name: "bez-functions",
      private: true,
      type: "module",
      main: "index.js",
      engines: { node: "20" },
      dependencies: Object.fromEntries(external.map((name) => [name, pkg.dependencies[name]])),
    },
    null,
    2,
  )}\n`,
);
console.log(`functions bundled into ${dist}`);
