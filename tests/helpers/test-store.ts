/**
 * Which document store the API under test uses. The "firestore" vitest project sets BEZ_TEST_STORE=firestore: every API
 * then runs the production Firestore adapter on the run's Cloud Firestore emulator, in a database of its own (named
 * databases keep parallel suites apart: the audit log and the admin queries read whole collections), emptied on stop.
 */
import { randomBytes } from "node:crypto";
import { firestoreOnEmulator } from "../../functions/src/adapters/firebase/production-stores.ts";

export type TestStore = "embedded" | "firestore";

export function testStore(): TestStore {
  const store = process.env.BEZ_TEST_STORE ?? "embedded";
  if (store !== "embedded" && store !== "firestore") throw new Error(`BEZ_TEST_STORE must be embedded or firestore, not ${store}`);
  return store;
}

export function firestoreEmulatorHost(): string {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error("BEZ_TEST_STORE=firestore needs the Cloud Firestore emulator (tests/global-setup.ts found none)");
  return host;
}

/**
 * Whether the run has a Cloud Firestore emulator, for suites that need one whatever the project (the deploy tests: each
 * Cloud Function runs on its own instances, and only a shared Firestore lets them see each other's writes). Without one
 * the suite's file prints one line saying why it skips.
 */
export function firestoreEmulatorOrSkip(suite: string): boolean {
  if (process.env.FIRESTORE_EMULATOR_HOST) return true;
  console.warn(`[${suite}] skipped: no Cloud Firestore emulator was found on this machine (install google-cloud-cli-firestore-emulator, or set BEZ_FIRESTORE_EMULATOR)`);
  return false;
}

export interface StoreSelection {
  /** The API's environment for this store (nothing for the embedded one). */
  env: Record<string, string>;
  /** The Firestore database, for tests that look inside it; null on the embedded store. */
  database: string | null;
  /** Empties what the API wrote to Firestore (the embedded store lives in the API's data dir, removed with it). */
  clear(): Promise<void>;
}

/** A fresh database on the emulator for one API, or the embedded store. */
export function selectTestStore(projectId: string, store: TestStore = testStore()): StoreSelection {
  if (store === "embedded") return { env: {}, database: null, clear: async () => {} };
  const host = firestoreEmulatorHost();
  const database = `t-${randomBytes(8).toString("hex")}`;
  return {
    env: { BEZ_STORE: "firestore", FIRESTORE_EMULATOR_HOST: host, BEZ_FIRESTORE_DATABASE: database },
    database,
    async clear() {
      const response = await fetch(`http://${host}/emulator/v1/projects/${projectId}/databases/${database}/documents`, { method: "DELETE" });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`emptying Firestore database ${database} answered ${response.status}`);
    },
  };
}

/**
 * Every document of a Firestore database whose path or raw JSON contains `text`, found by walking every collection at
 * every depth with firebase-admin itself (not the adapter under test); documents that exist only as parents of
 * subcollections are walked through too.
 */
export async function firestoreDocumentsMentioning(projectId: string, database: string, text: string): Promise<string[]> {
  const { deleteApp, initializeApp } = await import("firebase-admin/app");
  const app = initializeApp({ projectId }, `residue-walk-${randomBytes(6).toString("hex")}`);
  const db = firestoreOnEmulator(app, database, firestoreEmulatorHost());
  const hits: string[] = [];
  try {
    const walk = async (collections: FirebaseFirestore.CollectionReference[]): Promise<void> => {
      for (const collection of collections) {
        for (const ref of await collection.listDocuments()) {
          const snapshot = await ref.get();
          if (ref.path.includes(text) || (snapshot.exists && JSON.stringify(snapshot.data()).includes(text))) hits.push(ref.path);
          await walk(await ref.listCollections());
        }
      }
    };
    await walk(await db.listCollections());
    return hits;
  } finally {
    await db.terminate();
    await deleteApp(app);
  }
}
