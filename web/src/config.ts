/**
 * The web app's configuration (read by src/env.ts). Runtime configuration: one build of the web app works against any
 * API, auth emulator and ports; the build only checks the configuration is complete (next.config.ts). Validated with
 * zod (src/lib/web-config.ts); a bad variable stops the server with a message naming it. Server-only: the root layout
 * hands the public part to the client.
 */
import "server-only";
import { readWebConfig } from "./env";
import type { WebConfig } from "./lib/web-config";

export type { WebConfig } from "./lib/web-config";

let cached: WebConfig | undefined;

/** The validated configuration of this server process (read once; the environment does not change). */
export function getConfig(): WebConfig {
  cached ??= readWebConfig();
  return cached;
}
