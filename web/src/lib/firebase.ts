/**
 * Firebase in the browser, for sign-in ONLY: no Firestore, no Storage (all data goes through the Bez API).
 * Auth is initialised without the popup/redirect resolver, so no Google iframe or script is ever loaded.
 */
import { getApp, getApps, initializeApp, type FirebaseApp } from "firebase/app";
import {
  browserLocalPersistence,
  connectAuthEmulator,
  indexedDBLocalPersistence,
  initializeAuth,
  type Auth,
} from "firebase/auth";
import type { PublicConfig } from "./public-config";

const appName = "bez-web";
let auth: Auth | undefined;

export function getFirebaseAuth(config: PublicConfig): Auth {
  if (auth) return auth;
  const existing = getApps().find((a) => a.name === appName);
  const app: FirebaseApp =
    existing ??
    initializeApp(
      {
        apiKey: config.firebaseApiKey,
        projectId: config.projectId,
        ...(config.firebaseAuthDomain ? { authDomain: config.firebaseAuthDomain } : {}),
      },
      appName,
    );
  auth = initializeAuth(existing ? getApp(appName) : app, {
    persistence: [indexedDBLocalPersistence, browserLocalPersistence],
  });
  if (config.authEmulatorHost) {
    // Our own footer notice replaces the SDK's banner (which is styled inline and would cover the page).
    connectAuthEmulator(auth, `http://${config.authEmulatorHost}`, { disableWarnings: true });
  }
  return auth;
}
