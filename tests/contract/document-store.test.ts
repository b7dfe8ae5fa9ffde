/**
 * Runs the DocumentStore contract on the embedded store always, and on the Firestore adapter against the Cloud Firestore
 * emulator that tests/global-setup.ts starts (or the one FIRESTORE_EMULATOR_HOST names).
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "vitest";
import { JOURNAL_FILE, createEmbeddedStore } from "../../functions/src/adapters/embedded-store/index.ts";
import { firestoreEmulatorHost, firestoreEmulatorOrSkip, selectTestStore } from "../helpers/test-store.ts";
import type { DocumentStoreHarness } from "./document-store.contract.ts";
import { documentStoreContract } from "./document-store.contract.ts";

async function makeEmbeddedHarness(indexes: unknown): Promise<DocumentStoreHarness> {
  const dir = await mkdtemp(join(tmpdir(), "bez-doc-store-"));
  let current = await createEmbeddedStore({ dir, indexes });
  return {
    get store() {
      return current;
    },
    root: "runs/r1",
    journal: {
      dir,
      file: join(dir, JOURNAL_FILE),
      compact: () => current.compact(),
      async reopen(whileClosed) {
        await current.close();
        await whileClosed?.();
        current = await createEmbeddedStore({ dir, indexes });
        return current;
      },
    },
    async cleanup() {
      await current.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

documentStoreContract("embedded-store", makeEmbeddedHarness, { enforcesIndexes: true, localJournal: true });

// ---------------------------------------------------------------------------------------------
// Firestore, against the emulator.

const firestoreEmulator = firestoreEmulatorOrSkip("contract: Firestore leg");

describe.runIf(firestoreEmulator)("Firestore adapter (emulator)", () => {
  const projectId = "demo-bez-contract";

  documentStoreContract(
    "firestore",
    async (indexes) => {
      const { deleteApp, initializeApp } = await import("firebase-admin/app");
      const { createEmulatedFirestore } = await import("../../functions/src/adapters/firebase/production-stores.ts");
      const app = initializeApp({ projectId }, `doc-contract-${randomUUID()}`);
      // Each case gets a database of its own, emptied afterwards.
      const database = selectTestStore(projectId, "firestore");
      const store = createEmulatedFirestore(app, database.database ?? "", firestoreEmulatorHost(), indexes);
      return {
        store,
        root: `runs/${randomUUID()}`,
        async cleanup() {
          await store.close();
          await deleteApp(app);
          await database.clear();
        },
      };
    },
    // The emulator serves every query whatever the indexes, so the adapter checks them itself when given the file
    // (as the API does on the emulator); it keeps no journal.
    { enforcesIndexes: true, localJournal: false },
  );
});
