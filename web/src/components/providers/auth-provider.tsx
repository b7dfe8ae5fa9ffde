"use client";

import type { Role } from "@bez/contracts";
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { ApiClient } from "@/lib/api";
import type { SessionUser } from "@/lib/auth-session";
import { lazyApiClient } from "@/lib/lazy-api";
import { readSessionHint, writeSessionHint } from "@/lib/session-hint";
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
  /** Whether that role is a staff role (admin, auditor, support). */
  staff: boolean;
  /** Whether the signed-in user confirmed their email (email-link sign-ins are confirmed by the link itself). */
  emailVerified: boolean;
  /** True after the user signed out on purpose (so protected pages say "signed out", not "please sign in"). */
  signedOutByUser: boolean;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Sends the address-confirmation email again; false when nobody is signed in. */
  resendVerification(): Promise<boolean>;
  /** Re-reads the account and says whether its email is confirmed now. */
  recheckVerification(): Promise<boolean>;
  /** Marks this page as one that needs Firebase's answer before it shows anything (see LoadAuthSession). */
  requireSession(): void;
  /** The Bez API, authenticated as the current user. */
  api: ApiClient;
}

// Firebase touches IndexedDB and window, and weighs more than the rest of a marketing page: browser only, on demand.
const loadSession = () => import("@/lib/auth-session");

/** Fetches the Firebase half ahead of need (a sign-in form on first focus), without starting a session. */
export function preloadAuthSession(): void {
  void loadSession();
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const config = usePublicConfig();
  /** The session hint of this browser; null until read (on the server and in the first render). */
  const [hint, setHint] = useState<boolean | null>(null);
  /** This page needs Firebase's answer before it shows anything (see LoadAuthSession). */
  const [required, setRequired] = useState(false);
  /** Someone is signing in or up here. */
  const [engaged, setEngaged] = useState(false);
  /** Firebase's latest answer; undefined until it gave one. */
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [signedOutByUser, setSignedOutByUser] = useState(false);

  useEffect(() => setHint(readSessionHint()), []);

  const wanted = hint === true || required || engaged;
  useEffect(() => {
    if (!wanted) return;
    let stop: (() => void) | undefined;
    let cancelled = false;
    loadSession().then(
      (session) => {
        if (cancelled) return;
        stop = session.watchSession(config, (next) => {
          writeSessionHint(next !== null);
          setUser(next);
        });
      },
      // Without the SDK nobody can be signed in here; signing in again reports the failure in words.
      () => setUser(null),
    );
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [wanted, config]);

  const requireSession = useCallback(() => setRequired(true), []);

  const signIn = useCallback(
    async (email: string, password: string) => {
      setEngaged(true);
      setUser(await (await loadSession()).signIn(config, email, password));
      setSignedOutByUser(false);
    },
    [config],
  );

  const signUp = useCallback(
    async (email: string, password: string) => {
      setEngaged(true);
      setUser(await (await loadSession()).signUp(config, email, password));
      setSignedOutByUser(false);
    },
    [config],
  );

  const signOut = useCallback(async () => {
    setSignedOutByUser(true);
    await (await loadSession()).signOut(config);
  }, [config]);

  const resendVerification = useCallback(async () => (await loadSession()).resendVerification(config), [config]);
  const recheckVerification = useCallback(async () => (await loadSession()).recheckVerification(config), [config]);

  const api = useMemo(() => lazyApiClient(config.apiUrl, async () => (await loadSession()).idToken(config)), [config]);

  // Until Firebase answers: "loading" where a session is expected or the page needs the answer, else signed out (a
  // visitor, or someone about to sign in: the header does not flicker while the SDK arrives).
  const status: AuthStatus =
    user !== undefined ? (user ? "signed-in" : "signed-out") : hint === null || hint || required ? "loading" : "signed-out";
  const current = user ?? null;
  const value = useMemo<AuthState>(
    () => ({
      status,
      email: current?.email ?? null,
      uid: current?.uid ?? null,
      role: current?.role ?? null,
      staff: current?.staff ?? false,
      emailVerified: current?.emailVerified ?? false,
      signedOutByUser,
      signIn,
      signUp,
      signOut,
      resendVerification,
      recheckVerification,
      requireSession,
      api,
    }),
    [status, current, signedOutByUser, signIn, signUp, signOut, resendVerification, recheckVerification, requireSession, api],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthState {
  const value = use(AuthContext);
  if (!value) throw new Error("useAuth must be used inside <AuthProvider>");
  return value;
}
