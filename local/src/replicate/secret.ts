/** The webhook signing secret: new on each start, or kept in <dataDir>/replicate so it survives restarts. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateSecret, isSecret } from "./signing.ts";

export async function loadOrCreateSecret(dataDir: string | null): Promise<string> {
  if (!dataDir) return generateSecret();
  const dir = join(dataDir, "replicate");
  const file = join(dir, "webhook-secret");
  const existing = await readFile(file, "utf8").then(
    (text) => text.trim(),
    () => null,
  );
  if (existing && isSecret(existing)) return existing;
  const secret = generateSecret();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
