/**
 * firebase-admin apps are created here, explicitly and by name, so each composition (a test, the local
 * server, the Cloud Function) owns its own and nothing initializes at import time.
 */
import { type App, deleteApp, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { getStorage } from "firebase-admin/storage";

export function createAdminApp(projectId: string, name: string): App {
  return initializeApp({ projectId }, name);
}

export const closeAdminApp = (app: App) => deleteApp(app);

export const firestoreOf = (app: App) => getFirestore(app);

export const bucketOf = (app: App, name: string | null) => getStorage(app).bucket(name ?? undefined);
