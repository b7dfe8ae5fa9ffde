/**
 * Erased users stay erased after a restore: the store and the blobs are snapshotted, a user is erased, the snapshot
 * is restored (every document back as it was, the erasure ledger's document copy included, which the restore rolls
 * back; deleted blobs back as soft delete brings them), and `reapply-erasures` (or the sweeper, a slice at a time)
 * erases the user again from the ledger alone: nothing of theirs is left, and nobody else is touched.
 */
import { randomBytes } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocData } from "../../functions/src/ports.ts";
import { erasureHash } from "../../functions/src/core/deletion/ledger.ts";
import { scanResidue } from "../../functions/src/core/deletion/residue.ts";
import { requestDeletion, runDeletion } from "../../functions/src/core/deletion/run.ts";
import { contextFor, seedAccount } from "../helpers/accounts.ts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";

let api: TestApi;

interface Snapshot {
  docs: Map<string, DocData>;
  blobs: Map<string, Buffer>;
}

/** Every document path under the root, at any depth. */
async function allDocuments(): Promise<Map<string, DocData>> {
  const { store } = api.composition.deps;
  const docs = new Map<string, DocData>();
  const walk = async (collection: string): Promise<void> => {
    let cursor: string | undefined;
    do {
      const page = await store.query({ collection, limit: 500, startAfter: cursor });
      for (const doc of page.docs) {
        docs.set(doc.path, doc.data);
        for (const sub of await store.listCollections(doc.path)) await walk(`${doc.path}/${sub}`);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  };
  for (const root of await store.listCollections()) await walk(root);
  return docs;
}

async function snapshot(): Promise<Snapshot> {
  const { blobs } = api.composition.deps.accounts.deletion;
  const copies = new Map<string, Buffer>();
  for (const key of await blobs.list("u/")) {
    const stream = await blobs.get(key);
    if (stream) copies.set(key, await buffer(stream));
  }
  return { docs: await allDocuments(), blobs: copies };
}

/** The store as it was (what a Firestore restore does); deleted objects back, live ones kept (what soft delete does). */
async function restore(from: Snapshot): Promise<void> {
  const { store } = api.composition.deps;
  const { blobs } = api.composition.deps.accounts.deletion;
  for (const path of (await allDocuments()).keys()) if (!from.docs.has(path)) await store.delete(path);
  for (const [path, data] of from.docs) await store.set(path, data);
  for (const [key, bytes] of from.blobs) await blobs.put(key, bytes);
}

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api?.stop();
});

describe("erasure after a restore", () => {
  it.each(["reapply-erasures", "the sweeper"] as const)("is applied again by %s: nothing of the user is left", { timeout: 120_000 }, async (by) => {
    const deps = api.composition.deps;
    const deletion = deps.accounts.deletion;
    const uid = `restored${randomBytes(6).toString("hex")}`;
    const kept = `kept${randomBytes(6).toString("hex")}`;
    await seedAccount(deps, uid, { images: 2, generations: 2 });
    await seedAccount(deps, kept, { images: 1, generations: 1 });
    const backup = await snapshot();
    const keptBefore = await scanResidue(api.composition.residue, { uid: kept });

    expect(await runDeletion(deletion, await requestDeletion(deletion, contextFor(uid)))).toBe("complete");
    expect(await scanResidue(api.composition.residue, { uid })).toEqual([]);
    const ledgerDoc = `erasures/${erasureHash(deletion.auditKey, uid)}`;
    expect(await deps.store.get(ledgerDoc)).not.toBeNull();

    await restore(backup);
    // Back: the wrapped key with the ciphertext it opens; and the restore rolled the ledger's document back too.
    expect(await deps.store.get(`keys/${uid}`)).not.toBeNull();
    expect(await deps.store.get(ledgerDoc)).toBeNull();
    expect((await scanResidue(api.composition.residue, { uid })).length).toBeGreaterThan(5);

    if (by === "reapply-erasures") {
      expect(await api.composition.reapplyErasures()).toMatchObject({ erased: 1 });
    } else {
      // Each pass looks at a bounded slice; a few passes go round every account of this store.
      for (let pass = 0; pass < 5; pass++) await api.composition.sweepDeletions();
    }
    expect(await scanResidue(api.composition.residue, { uid })).toEqual([]);
    expect(await deps.store.get(`keys/${uid}`)).toBeNull();
    // The ledger copy the restore took is written again from the other.
    expect(await deps.store.get(ledgerDoc)).not.toBeNull();
    expect(await scanResidue(api.composition.residue, { uid: kept })).toEqual(keptBefore);
  });
});
