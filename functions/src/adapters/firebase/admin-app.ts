/**
 * firebase-admin apps are created here, explicitly and by name, so each composition (a test, the local
 * server, the Cloud Function) owns its own and nothing initializes at import time.
 */
import { type App, deleteApp, initializeApp } from "firebase-admin/app";

export function createAdminApp(projectId: string, name: string): App {
  return initializeApp({ projectId }, name);
}

export const closeAdminApp = (app: App) => deleteApp(app);
