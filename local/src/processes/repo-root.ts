import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root (this file lives in local/src/processes/). */
export const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
