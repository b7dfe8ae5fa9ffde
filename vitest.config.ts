import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";
import { loadFirestoreEmulatorConfig } from "./local/src/config.ts";
import { FIRESTORE_EMULATOR_INSTALL_HINT, findFirestoreEmulator } from "./local/src/processes/firestore-emulator.ts";

// Vitest hands these conditions to Node itself (`--conditions`) for the forked workers. Node must not get "module":
// with it, require() of @opentelemetry/api (under the Firestore SDK) picks an ESM build whose extensionless imports
// Node cannot load.
const serverConditions = ["source", ...defaultServerConditions.filter((condition) => condition !== "module")];

// The API suites run a second time on Firestore wherever the Cloud Firestore emulator is (our machines and CI: always).
const firestoreEmulator = loadFirestoreEmulatorConfig();
const onFirestore = firestoreEmulator.externalHost !== null || findFirestoreEmulator(firestoreEmulator.launcher) !== null;
if (!onFirestore) console.warn(`[vitest] the "firestore" project (API suites on Firestore) is skipped: ${FIRESTORE_EMULATOR_INSTALL_HINT}`);

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (the "source" export condition), as tsc and `npm run bez`
  // do: a fresh clone has no built dist/ folders.
  ssr: { resolve: { conditions: serverConditions } },
  test: {
    pool: "forks",
    // Two workers on two cores: most suites wait on emulators and Redis, not on the CPU, and the whole of npm test must
    // stay under 15 minutes with the API suites running on both stores.
    maxWorkers: 2,
    globalSetup: ["tests/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 120000,
    projects: [
      {
        extends: true,
        test: { name: "embedded", include: ["tests/**/*.test.ts"], exclude: ["tests/e2e/**"] },
      },
      // The API suites again, on the production Firestore adapter against the Cloud Firestore emulator.
      ...(onFirestore ? [{ extends: true as const, test: { name: "firestore", include: ["tests/api/**/*.test.ts"], env: { BEZ_TEST_STORE: "firestore" } } }] : []),
    ],
  },
});
