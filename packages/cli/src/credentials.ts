/**
 * The stored sign-in: {apiUrl, token} in <config dir>/config.json, the directory 0700 and the file 0600 (written to a
 * temporary file with that mode, then renamed, so the token is never readable by others, not even briefly).
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { usage } from "./errors.ts";

const StoredConfig = z.object({ apiUrl: z.string().url(), token: z.string().min(1) });
export type StoredConfig = z.infer<typeof StoredConfig>;

export const configPath = (configDir: string) => join(configDir, "config.json");

export async function loadConfig(configDir: string): Promise<StoredConfig | null> {
  let text: string;
  try {
    text = await readFile(configPath(configDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    return StoredConfig.parse(JSON.parse(text));
  } catch {
    throw usage(`${configPath(configDir)} is not a valid bez config: run \`bez logout\`, then \`bez login\`.`);
  }
}

export async function saveConfig(configDir: string, config: StoredConfig): Promise<string> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone.
  await chmod(configDir, 0o700);
  const path = configPath(configDir);
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  await rename(temporary, path);
  return path;
}

/** Whether there was anything to remove. */
export async function removeConfig(configDir: string): Promise<boolean> {
  const path = configPath(configDir);
  const existed = await readFile(path).then(() => true, () => false);
  await rm(path, { force: true });
  return existed;
}
