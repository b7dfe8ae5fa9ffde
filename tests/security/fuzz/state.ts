/**
 * What "no state changed" means for the fuzz suite: a snapshot of everything a refused request could have touched,
 * compared before and after each endpoint's run.
 *
 * In the snapshot:
 * - every document of the store, walked through the DocumentStore port from its root collections down (profiles,
 *   images, generations, notices, keys, tokens, predictions, idempotency claims, unlock links, deletions, erasures…);
 * - every blob file and every mailed notice under BEZ_DATA_DIR (content hashes);
 * - each actor's Auth account: custom claims (roles), disabled, and `validSince` (when sessions were last revoked).
 *
 * Left out, because refused requests write them legitimately: the audit log (`audit`, `auditDigests`, `auditState`:
 * denials and staff reads are recorded by design), rate-limit counters and webhook de-duplication ids (Redis), and
 * a personal access token's `lastUsedAt` (rewritten at most once a minute whenever the token authenticates, whatever
 * the request then does).
 */
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import type { DocValue, DocumentStore } from "../../../functions/src/ports.ts";
import { testAuthEmulator } from "../../helpers/auth-emulator-client.ts";

const auditCollections = new Set(["audit", "auditDigests", "auditState"]);

export type StateSnapshot = Record<string, string>;

function canonical(value: DocValue): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value instanceof Uint8Array) return { $bytes: createHash("sha256").update(value).digest("hex") };
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical(value[key] as DocValue)]));
  }
  return value;
}

async function documents(store: DocumentStore, into: StateSnapshot, parent?: string): Promise<void> {
  for (const id of await store.listCollections(parent)) {
    const collection = parent ? `${parent}/${id}` : id;
    if (!parent && auditCollections.has(id)) continue;
    const { docs } = await store.query({ collection });
    for (const doc of docs) {
      const data = collection === "tokens" ? { ...doc.data, lastUsedAt: null } : doc.data;
      into[`doc:${doc.path}`] = JSON.stringify(canonical(data));
    }
    for (const doc of docs) await documents(store, into, doc.path);
  }
}

async function files(root: string, dir: string, into: StateSnapshot): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await files(root, path, into);
    else into[`file:${relative(root, path)}`] = createHash("sha256").update(await readFile(path)).digest("hex");
  }
}

async function authAccounts(uids: readonly string[], into: StateSnapshot): Promise<void> {
  const { host, projectId } = testAuthEmulator();
  const response = await fetch(`http://${host}/identitytoolkit.googleapis.com/v1/projects/${projectId}/accounts:lookup`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer owner" },
    body: JSON.stringify({ localId: uids }),
  });
  if (!response.ok) throw new Error(`Auth emulator accounts:lookup answered ${response.status}`);
  const { users = [] } = (await response.json()) as { users?: { localId: string; customAttributes?: string; disabled?: boolean; validSince?: string }[] };
  for (const user of users) {
    into[`auth:${user.localId}`] = JSON.stringify({ claims: user.customAttributes ?? null, disabled: user.disabled ?? false, validSince: user.validSince ?? null });
  }
}

export async function snapshotState(target: { store: DocumentStore; dataDir: string; uids: readonly string[] }): Promise<StateSnapshot> {
  const state: StateSnapshot = {};
  await documents(target.store, state);
  await files(target.dataDir, join(target.dataDir, "blobs"), state);
  await files(target.dataDir, join(target.dataDir, "mail"), state);
  await authAccounts(target.uids, state);
  return state;
}

/** The keys that differ between two snapshots, each marked added, removed or changed. */
export function stateChanges(before: StateSnapshot, after: StateSnapshot): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].sort().flatMap((key) => {
    if (!(key in before)) return [`added ${key}`];
    if (!(key in after)) return [`removed ${key}`];
    return before[key] === after[key] ? [] : [`changed ${key}`];
  });
}
