/**
 * The Cloud Functions deploy bundle, built as `firebase deploy`'s predeploy builds it (functions/build.mjs), into a
 * folder of its own under functions/ (so its npm dependencies resolve from node_modules, and parallel tests never
 * race over functions/dist). Removed by the caller.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../local/src/processes/repo-root.ts";

const run = promisify(execFile);

export async function bundleFunctions(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(repoRoot, "functions", ".bundle-test-"));
  await run(process.execPath, [join(repoRoot, "functions/build.mjs"), dir], { cwd: repoRoot });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
