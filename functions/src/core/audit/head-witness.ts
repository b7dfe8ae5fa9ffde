/**
 * A record of the audit chain's head kept outside the document store: whoever can rewrite the store (and even holds
 * BEZ_AUDIT_KEY, so can sign a fresh chain) cannot also rewind this. One object per digest, never overwritten: in
 * production a Cloud Storage bucket under a locked retention policy (objects cannot be replaced or deleted), locally
 * files in BEZ_DATA_DIR. Records are never deleted (no lifecycle rule; they are tiny). Verification compares the
 * store's head with the newest record here.
 */
import { text } from "node:stream/consumers";
import type { BlobStore } from "../../ports.ts";

export interface WitnessedHead {
  n: number;
  digestHash: string;
}

export interface HeadWitness {
  /** Records digest n's hash. A record for n that already exists is kept as it is (the first one is the truth). */
  record(head: WitnessedHead): Promise<void>;
  /** Every record from digest n on, oldest first. */
  since(n: number): Promise<WitnessedHead[]>;
}

/** Records are grouped by ten thousand digests (about five weeks at one per five minutes), so `since` lists one folder. */
const perFolder = 10_000;
const folderOf = (n: number) => `heads/${String(Math.floor(n / perFolder)).padStart(6, "0")}/`;
const keyOf = (n: number) => `${folderOf(n)}${String(n).padStart(10, "0")}.json`;
const numberOf = (key: string) => Number(/(\d+)\.json$/.exec(key)?.[1] ?? Number.NaN);

export function createHeadWitness(blobs: BlobStore): HeadWitness {
  async function read(key: string): Promise<WitnessedHead | null> {
    const stream = await blobs.get(key);
    if (!stream) return null;
    let parsed: Partial<WitnessedHead>;
    try {
      parsed = JSON.parse(await text(stream)) as Partial<WitnessedHead>;
    } catch {
      return null;
    }
    return typeof parsed.n === "number" && typeof parsed.digestHash === "string" ? { n: parsed.n, digestHash: parsed.digestHash } : null;
  }

  return {
    async record(head) {
      const key = keyOf(head.n);
      if (await blobs.exists(key)) return;
      await blobs.put(key, Buffer.from(JSON.stringify({ n: head.n, digestHash: head.digestHash })), "application/json");
    },

    async since(n) {
      const found: WitnessedHead[] = [];
      // Folders fill one after another and records are never deleted: the first empty folder ends them.
      for (let folder = Math.floor(Math.max(n, 0) / perFolder); ; folder++) {
        const keys = await blobs.list(folderOf(folder * perFolder));
        if (keys.length === 0) break;
        for (const key of keys) {
          if (numberOf(key) < n) continue;
          // An unreadable record proves nothing: it stands as a head that matches no digest.
          found.push((await read(key)) ?? { n: numberOf(key), digestHash: "unreadable" });
        }
      }
      return found;
    },
  };
}
