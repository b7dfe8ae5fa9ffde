/**
 * What `npm publish` would ship for @bez/sdk and @bez/cli: `npm pack --dry-run` (which runs the prepack build) lists
 * the right files, the manifests are publishable (licence, engines, bin, types), the bundles import only Node
 * built-ins and their declared dependencies (the unpublished @bez/contracts is inlined), and the SDK's declarations
 * type-check in a strict consumer.
 */
import { spawnSync } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./cli-harness.ts";

interface Manifest {
  name: string;
  private?: boolean;
  license: string;
  engines: { node: string };
  files: string[];
  dependencies: Record<string, string>;
  bin?: Record<string, string>;
  types?: string;
  exports?: Record<string, Record<string, string>>;
}

function pack(dir: string): string[] {
  const result = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts=false"], { cwd: dir, encoding: "utf8" });
  expect(result.status, result.stderr).toBe(0);
  const [packed] = JSON.parse(result.stdout.slice(result.stdout.indexOf("["))) as { files: { path: string }[] }[];
  return (packed?.files ?? []).map((f) => f.path).sort();
}

async function manifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Manifest;
}

/** Every bare import of a bundle is a Node built-in or a declared dependency. */
async function expectSelfContained(bundle: string, dependencies: Record<string, string>) {
  const text = await readFile(bundle, "utf8");
  const specifiers = new Set([...text.matchAll(/\bfrom\s+"([^"]+)"|\bimport\(\s*"([^"]+)"\s*\)/g)].map((m) => (m[1] ?? m[2]) as string));
  const allowed = (specifier: string) =>
    specifier.startsWith("node:") || builtinModules.includes(specifier) || Object.keys(dependencies).some((dep) => specifier === dep || specifier.startsWith(`${dep}/`));
  expect([...specifiers].filter((s) => !allowed(s))).toEqual([]);
  // No telemetry or update-check library came along with a dependency.
  expect(text).not.toMatch(/update-notifier|@sentry\/|posthog|mixpanel|firebase\/analytics/);
}

const licenceOk = async (dir: string) => expect(await readFile(join(dir, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0, January 2004[\s\S]*END OF TERMS AND CONDITIONS/);

describe("@bez/sdk", () => {
  const dir = join(repoRoot, "packages/sdk");

  it("packs the bundle, declarations, README and LICENSE, and nothing else", async () => {
    const files = pack(dir);
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/index.js", "dist/types/sdk/index.d.ts", "dist/types/contracts/index.d.ts"]));
    expect(files.filter((f) => !/^(LICENSE|README\.md|package\.json|dist\/index\.js|dist\/types\/(sdk|contracts)\/\w[\w-]*\.d\.ts)$/.test(f))).toEqual([]);
    const pkg = await manifest(dir);
    expect(pkg).toMatchObject({ name: "@bez/sdk", license: "Apache-2.0", engines: { node: ">=20.19" }, types: "./dist/types/sdk/index.d.ts" });
    expect(pkg.private).toBeUndefined();
    expect(pkg.exports?.["."]).toMatchObject({ types: "./dist/types/sdk/index.d.ts", default: "./dist/index.js" });
    expect(Object.keys(pkg.dependencies)).toEqual(["zod"]);
    await licenceOk(dir);
    await expectSelfContained(join(dir, "dist/index.js"), pkg.dependencies);
  }, 60_000);

  it("ships declarations a strict TypeScript consumer can use", async () => {
    const consumer = join(dir, ".bez-test", `consumer-${process.pid}`);
    await mkdir(consumer, { recursive: true });
    try {
      await writeFile(
        join(consumer, "use.ts"),
        `import { BezClient, BezApiError, type Generation, type GenerationInput } from "../../dist/types/sdk/index.js";
const client = new BezClient({ apiUrl: "http://127.0.0.1:8787", token: async () => "t" });
const input: GenerationInput = { preset: "packshot-white", prompt: "ring" };
// Real types, not any: these must be refused.
// @ts-expect-error an unknown preset
export const wrong: GenerationInput = { preset: "packshot-black", prompt: "ring" };
// @ts-expect-error a prompt is text
export const alsoWrong = () => client.createGeneration({ preset: "packshot-white", prompt: 1 });
export async function run(): Promise<Generation | string> {
  try {
    const accepted = await client.createGeneration(input, { idempotencyKey: "k" });
    return await client.waitForGeneration(accepted.id, { onUpdate: (u) => void u.progress });
  } catch (error) {
    return error instanceof BezApiError ? error.code : "other";
  }
}
`,
      );
      const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
      const result = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2023", "--types", "node", join(consumer, "use.ts")], { cwd: repoRoot, encoding: "utf8" });
      expect(result.stdout + result.stderr).toBe("");
      expect(result.status).toBe(0);
    } finally {
      await rm(consumer, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("@bez/cli", () => {
  const dir = join(repoRoot, "packages/cli");

  it("packs an executable `bez` with README and LICENSE, and nothing else", async () => {
    expect(pack(dir)).toEqual(["LICENSE", "README.md", "dist/bez.js", "package.json"]);
    const pkg = await manifest(dir);
    expect(pkg).toMatchObject({ name: "@bez/cli", license: "Apache-2.0", engines: { node: ">=20.19" }, bin: { bez: "dist/bez.js" } });
    expect(pkg.private).toBeUndefined();
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["csv-parse", "zod"]);
    await licenceOk(dir);
    const bin = join(dir, "dist/bez.js");
    expect((await readFile(bin, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
    await expectSelfContained(bin, pkg.dependencies);
    const help = spawnSync(bin, ["--help"], { encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: bez <command>");
  }, 60_000);
});
