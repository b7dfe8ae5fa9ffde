/**
 * firebase-admin apps are created here, explicitly and by name, so each composition (a test, the local
 * server, the Cloud Function) owns its own and nothing initializes at import time.
 */
import { type App, deleteApp, initializeApp } from "firebase-admin/app";

/** The admin app, named for composition code that may not import the SDK itself. */
export type AdminApp = App;

export function createAdminApp(projectId: string, name: string): App {
  return initializeApp({ projectId }, name);
}

export const closeAdminApp = (app: App) => deleteApp(app);
