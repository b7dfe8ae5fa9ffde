/**
 * The one place in web/ that reads the environment. Imported by src/config.ts (the app's server-only accessor) and by
 * next.config.ts, so `next build` and `next start` of a production deploy refuse to run without their configuration.
 */
import { parseWebConfig, type WebConfig } from "./lib/web-config.ts";

export function readWebConfig(): WebConfig {
  return parseWebConfig(process.env);
}
