"use client";

import {
  createUserWithEmailAndPassword,
  onIdTokenChanged,
  sendEmailVerification,
  signInWithEmailAndPassword,
  signOut as firebaseSignOut,
  type Auth,
  type User,
} from "firebase/auth";
import { Role } from "@bez/contracts";
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { createApiClient, type ApiClient } from "@/lib/api";
import { getFirebaseAuth } from "@/lib/firebase";
import { usePublicConfig } from "./config-provider";

export type AuthStatus = "loading" | "signed-in" | "signed-out";

export interface AuthState {
  status: AuthStatus;
  /** The signed-in user's email (the only user detail the UI needs from Firebase). */
  email: string | null;
  uid: string | null;
  /**
   * The role claim of the current ID token ("user" when absent). It only decides what the UI offers; the API
   * checks the same claim on every call.
   */
  role: Role | null;
  /** Whether the signed-in user confirmed their email (email-link sign-ins are confirmed by the link itself). */
  emailVerified: boolean;
  /** True after the user signed out on purpose (so protected pages say "signed out", not "please sign in"). */
  signedOutByUser: boolean;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** The Bez API, authenticated as the current user. */
  api: ApiClient;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const config = usePublicConfig();
  const [auth, setAuth] = useState<Auth | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [role, setRole] = useState<Role | null>(null);
  const [status, setStatus] = useState<AuthStatus>("loading");
  const [signedOutByUser, setSignedOutByUser] = useState(false);

  useEffect(() => {
    // Firebase touches IndexedDB and window: browser only, after hydration.
    const a = getFirebaseAuth(config);
    setAuth(a);
    let latest = 0;
    return onIdTokenChanged(a, async (u) => {
      const turn = ++latest;
      // The role is read before the status flips, so staff never see a moment of "not allowed".
      const claim = u ? await u.getIdTokenResult().then((t) => t.claims.role, () => undefined) : undefined;
      if (turn !== latest) return; // a newer token arrived meanwhile
      setRole(u ? (Role.safeParse(claim).data ?? "user") : null);
      setUser(u);
      setStatus(u ? "signed-in" : "signed-out");
    });
  }, [config]);

  const requireAuth = useCallback((): Auth => {
    if (auth) return auth;
    return getFirebaseAuth(config);
  }, [auth, config]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      await signInWithEmailAndPassword(requireAuth(), email, password);
      setSignedOutByUser(false);
    },
    [requireAuth],
  );

  const signUp = useCallback(
    async (email: string, password: string) => {
      const { user: created } = await createUserWithEmailAndPassword(requireAuth(), email, password);
      setSignedOutByUser(false);
      // A confirmation email; the banner asks gently until it is done. Failing to send never blocks sign-up.
      sendEmailVerification(created).catch(() => undefined);
    },
    [requireAuth],
  );

  const signOut = useCallback(async () => {
    setSignedOutByUser(true);
    await firebaseSignOut(requireAuth());
  }, [requireAuth]);

  const api = useMemo(
    () =>
      createApiClient(config.apiUrl, async () => {
        const current = requireAuth().currentUser;
        if (!current) throw new Error("not signed in");
        return current.getIdToken();
      }),
    [config.apiUrl, requireAuth],
  );

  const value = useMemo<AuthState>(
    () => ({
      status,
      email: user?.email ?? null,
      uid: user?.uid ?? null,
      role,
      emailVerified: user?.emailVerified ?? false,
      signedOutByUser,
      signIn,
      signUp,
      signOut,
      api,
    }),
    [status, user, role, signedOutByUser, signIn, signUp, signOut, api],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthState {
  const value = use(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
