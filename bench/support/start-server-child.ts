import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { repoRoot } from "../../local/src/processes/repo-root.ts";

/**
 * Starts a benchmark's server in its own process (so the measuring loop does not share its event loop) and
 * returns it with the JSON its first stdout line announces (its addresses and facts).
 */
export async function startServerChild<T>(script: string, args: string[], what: string): Promise<{ child: ChildProcess; targets: T }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the ${what} exited (${code}) before it was ready`)));
  });
  lines.close();
  return { child, targets: JSON.parse(first) as T };
}
