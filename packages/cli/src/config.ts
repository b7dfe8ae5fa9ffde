/** The only module that reads the environment: where credentials live, and the overrides scripts and CI use. */
import { homedir } from "node:os";
import { join } from "node:path";

export interface Environment {
  /** A token that takes precedence over the stored one (never written to disk). */
  token: string | null;
  /** A Firebase ID token, for what a personal access token may not do (export). */
  idToken: string | null;
  apiUrl: string | null;
  /** Where config.json lives: BEZ_CONFIG_DIR, else $XDG_CONFIG_HOME/bez, else ~/.config/bez. */
  configDir: string;
  /** NO_COLOR set to anything non-empty (https://no-color.org). */
  noColor: boolean;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const nonEmpty = (value: string | undefined) => (value && value.trim() !== "" ? value.trim() : null);
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  return {
    token: nonEmpty(env.BEZ_TOKEN),
    idToken: nonEmpty(env.BEZ_ID_TOKEN),
    apiUrl: nonEmpty(env.BEZ_API_URL),
    configDir: nonEmpty(env.BEZ_CONFIG_DIR) ?? join(xdg ?? join(homedir(), ".config"), "bez"),
    noColor: nonEmpty(env.NO_COLOR) !== null,
  };
}

/** The local stack's API (`npm start`), used until `bez login --api-url` stores another. */
export const defaultApiUrl = "http://127.0.0.1:8787";
