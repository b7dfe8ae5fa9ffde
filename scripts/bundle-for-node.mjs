// One esbuild recipe for every Node bundle of the repo (the Cloud Function, the SDK, the CLI, the API under test):
// an ESM bundle (for Node 20 unless a bundle's `target` says otherwise) with workspace packages (@bez/*) inlined and the package's npm dependencies left external,
// to be resolved from node_modules where the bundle runs.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";

/**
 * @param {{ packageDir: string, entry: string, outfile: string, target?: string, sourcemap?: boolean, conditions?: string[], logLevel?: "warning" | "error" }} options
 */
export async function bundleForNode({ packageDir, entry, outfile, target = "node20", sourcemap = false, conditions, logLevel = "warning" }) {
  const pkg = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8"));
  const external = Object.keys(pkg.dependencies ?? {})
    .filter((name) => !name.startsWith("@bez/"))
    .flatMap((name) => [name, `${name}/*`]);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target,
    format: "esm",
    sourcemap,
    ...(conditions ? { conditions } : {}),
    external,
    logLevel,
  });
  return pkg;
}
