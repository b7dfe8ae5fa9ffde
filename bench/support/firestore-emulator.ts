/**
 * A Cloud Firestore emulator for a benchmark's information rows, or null (with one line saying why) where the Cloud SDK
 * is not installed. Its figures are not production speeds, only a view of how the production adapter behaves.
 */
import { loadFirestoreEmulatorConfig } from "../../local/src/config.ts";
import {
  FIRESTORE_EMULATOR_INSTALL_HINT,
  type FirestoreEmulator,
  findFirestoreEmulator,
  startFirestoreEmulator,
} from "../../local/src/processes/firestore-emulator.ts";

export async function startBenchFirestore(projectId: string): Promise<FirestoreEmulator | null> {
  const launcher = findFirestoreEmulator(loadFirestoreEmulatorConfig().launcher);
  if (!launcher) {
    process.stderr.write(`bench: Firestore emulator rows skipped: ${FIRESTORE_EMULATOR_INSTALL_HINT}\n`);
    return null;
  }
  return startFirestoreEmulator({ launcher, projectId, onOutput: () => {} });
}

/** The API's environment for documents in the emulator's (default) database. */
export function firestoreStoreEnv(host: string): Record<string, string> {
  return { BEZ_STORE: "firestore", FIRESTORE_EMULATOR_HOST: host };
}
