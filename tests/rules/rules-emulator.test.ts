/**
 * Loads firestore.rules and storage.rules into the real emulators and proves every client request fails,
 * signed in or not, even for data that exists. The Cloud Firestore emulator is the one tests/global-setup.ts starts
 * (FIRESTORE_EMULATOR_HOST); the Cloud Storage leg runs only where FIREBASE_STORAGE_EMULATOR_HOST names one, since its
 * rules runtime is a download this offline machine cannot make.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, it } from "vitest";

/** The slice of @firebase/rules-unit-testing v5 used here, typed locally so this file loads without it. */
interface RulesUnitTesting {
  initializeTestEnvironment(config: {
    projectId: string;
    firestore?: { rules: string };
    storage?: { rules: string };
  }): Promise<TestEnvironment>;
  assertFails(promise: Promise<unknown>): Promise<unknown>;
}
interface TestEnvironment {
  authenticatedContext(uid: string, claims?: Record<string, unknown>): TestContext;
  unauthenticatedContext(): TestContext;
  withSecurityRulesDisabled(seed: (context: TestContext) => Promise<void>): Promise<void>;
  cleanup(): Promise<void>;
}
interface TestContext {
  firestore(): CompatFirestore;
  storage(): CompatStorage;
}
interface CompatFirestore {
  doc(path: string): {
    get(): Promise<unknown>;
    set(data: object): Promise<unknown>;
    update(data: object): Promise<unknown>;
    delete(): Promise<unknown>;
  };
  collection(path: string): { get(): Promise<unknown>; add(data: object): Promise<unknown> };
  collectionGroup(id: string): { get(): Promise<unknown> };
}
interface CompatStorage {
  ref(path: string): {
    put(data: Uint8Array): Promise<unknown>;
    getMetadata(): Promise<unknown>;
    getDownloadURL(): Promise<unknown>;
    delete(): Promise<unknown>;
    listAll(): Promise<unknown>;
  };
}

const firestoreHost = process.env.FIRESTORE_EMULATOR_HOST;
const storageHost = process.env.FIREBASE_STORAGE_EMULATOR_HOST;
for (const [file, host, why] of [
  ["firestore.rules", firestoreHost, "no Cloud Firestore emulator was found on this machine (install google-cloud-cli-firestore-emulator)"],
  ["storage.rules", storageHost, "FIREBASE_STORAGE_EMULATOR_HOST is not set (the Storage emulator's rules runtime is a download, impossible offline)"],
] as const) {
  if (!host) console.warn(`[rules] ${file} emulator leg skipped: ${why}; rules-static.test.ts still checks the file`);
}

const PACKAGE = "@firebase/rules-unit-testing";
const rootFile = (name: string) => readFileSync(new URL(`../../${name}`, import.meta.url), "utf8");

describe.runIf(firestoreHost || storageHost)("security rules in the emulators", () => {
  let testing: RulesUnitTesting;
  let env: TestEnvironment | undefined;
  const started = (): TestEnvironment => {
    if (env === undefined) throw new Error("the rules test environment did not start");
    return env;
  };

  beforeAll(async () => {
    try {
      // A variable specifier keeps bundlers and tsc from requiring the package when the emulators are absent.
      testing = (await import(/* @vite-ignore */ PACKAGE)) as RulesUnitTesting;
    } catch {
      throw new Error(`${PACKAGE} (v5) is not installed: add it to the root devDependencies to run these checks`);
    }
    const environment = await testing.initializeTestEnvironment({
      projectId: process.env.GCLOUD_PROJECT ?? "demo-bez",
      ...(firestoreHost ? { firestore: { rules: rootFile("firestore.rules") } } : {}),
      ...(storageHost ? { storage: { rules: rootFile("storage.rules") } } : {}),
    });
    env = environment;
    await environment.withSecurityRulesDisabled(async (admin) => {
      if (firestoreHost) {
        await admin.firestore().doc("users/alice").set({ email: "alice@example.com" });
        await admin.firestore().doc("users/alice/images/i1").set({ kind: "packshot" });
      }
      if (storageHost) await admin.storage().ref("u/alice/images/i1").put(new Uint8Array([1, 2, 3]));
    });
  });

  afterAll(async () => {
    await env?.cleanup();
  });

  const clients: [string, () => TestContext][] = [
    ["an unauthenticated client", () => started().unauthenticatedContext()],
    ["the owner, signed in", () => started().authenticatedContext("alice")],
    ["another signed-in user", () => started().authenticatedContext("mallory")],
    ["a signed-in user claiming the admin role", () => started().authenticatedContext("eve", { role: "admin" })],
  ];

  describe.runIf(firestoreHost)("firestore.rules", () => {
    it.each(clients)("%s cannot read any document", async (_, client) => {
      const db = client().firestore();
      await testing.assertFails(db.doc("users/alice").get());
      await testing.assertFails(db.doc("users/alice/images/i1").get());
      await testing.assertFails(db.doc("keys/alice").get());
      await testing.assertFails(db.collection("users").get());
      await testing.assertFails(db.collectionGroup("images").get());
      await testing.assertFails(db.collection("audit").get());
    });

    it.each(clients)("%s cannot write any document", async (_, client) => {
      const db = client().firestore();
      await testing.assertFails(db.doc("users/alice").set({ role: "admin" }));
      await testing.assertFails(db.doc("users/alice").update({ role: "admin" }));
      await testing.assertFails(db.doc("users/alice").delete());
      await testing.assertFails(db.doc("users/alice/images/i2").set({ kind: "packshot" }));
      await testing.assertFails(db.collection("audit").add({ action: "forged" }));
    });
  });

  describe.runIf(storageHost)("storage.rules", () => {
    it.each(clients)("%s cannot read any object", async (_, client) => {
      const storage = client().storage();
      await testing.assertFails(storage.ref("u/alice/images/i1").getMetadata());
      await testing.assertFails(storage.ref("u/alice/images/i1").getDownloadURL());
      await testing.assertFails(storage.ref("u/alice").listAll());
    });

    it.each(clients)("%s cannot write any object", async (_, client) => {
      const storage = client().storage();
      await testing.assertFails(storage.ref("u/alice/images/i1").put(new Uint8Array([9])));
      await testing.assertFails(storage.ref("u/alice/images/new").put(new Uint8Array([9])));
      await testing.assertFails(storage.ref("u/alice/images/i1").delete());
    });
  });
});
