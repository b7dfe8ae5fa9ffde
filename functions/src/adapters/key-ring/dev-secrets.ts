/**
 * Development-only secrets for the local stack and tests: when BEZ_KEKS / BEZ_LINK_KEY / BEZ_AUDIT_KEY are not set,
 * a KEK, a link key and an audit key are generated once into BEZ_DATA_DIR (mode 0600) and reused on every start, so data written
 * yesterday still decrypts today. Production refuses to start without the real variables (config.ts).
 */
import { randomBytes } from "node:crypto";
import { chmod, link, mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Kek } from "./static-key-ring.ts";

const key32 = z
  .string()
  .transform((text) => Buffer.from(text, "base64"))
  .refine((key) => key.length === 32, "must be 32 bytes");

const DevKeksFile = z.object({ keks: z.array(z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), key: key32 })).min(1) });
const DevLinkKeyFile = z.object({ linkKey: key32 });
const DevAuditKeyFile = z.object({ auditKey: key32 });

export const devKeksFile = "dev-keks.json";
export const devLinkKeyFile = "dev-link-key.json";
export const devAuditKeyFile = "dev-audit-key.json";

export async function loadOrCreateDevKeks(dataDir: string): Promise<Kek[]> {
  const file = await loadOrCreate(join(dataDir, devKeksFile), () => ({
    keks: [{ id: `dev-${new Date().toISOString().slice(0, 10)}`, key: randomBytes(32).toString("base64") }],
  }));
  return DevKeksFile.parse(file).keks;
}

export async function loadOrCreateDevLinkKey(dataDir: string): Promise<Uint8Array> {
  const file = await loadOrCreate(join(dataDir, devLinkKeyFile), () => ({ linkKey: randomBytes(32).toString("base64") }));
  return DevLinkKeyFile.parse(file).linkKey;
}

export async function loadOrCreateDevAuditKey(dataDir: string): Promise<Uint8Array> {
  const file = await loadOrCreate(join(dataDir, devAuditKeyFile), () => ({ auditKey: randomBytes(32).toString("base64") }));
  return DevAuditKeyFile.parse(file).auditKey;
}

/** Reads the JSON file, or creates it atomically (temp file + link, so concurrent starts agree on one secret). */
async function loadOrCreate(path: string, create: () => object): Promise<unknown> {
  const existing = await readSecretFile(path);
  if (existing !== null) return existing;
  await mkdir(join(path, ".."), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, `${JSON.stringify(create(), null, 2)}\n`, { mode: 0o600, flag: "wx" });
  try {
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await rm(temp, { force: true });
  }
  const created = await readSecretFile(path);
  if (created === null) throw new Error(`${path} vanished while it was being created`);
  return created;
}

async function readSecretFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  // Keys readable by others are tightened rather than trusted as they are.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${path} is not valid JSON: restore it or delete it (data encrypted under it is then lost)`);
  }
}
