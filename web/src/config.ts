/**
 * The one place in web/ that reads the environment. Runtime configuration, not build-time: one build of the
 * web app works against any API, auth emulator and ports. Validated with zod (src/lib/web-config.ts); a bad
 * variable stops the server with a message naming it. Server-only: the root layout hands the public part to
 * the client.
 */
import "server-only";
import { parseWebConfig, type WebConfig } from "./lib/web-config";

export type { WebConfig } from "./lib/web-config";

let cached: WebConfig | undefined;

/** The validated configuration of this server process (read once; the environment does not change). */
export function getConfig(): WebConfig {
  cached ??= parseWebConfig(process.env);
  return cached;
}
