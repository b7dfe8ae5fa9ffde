"use client";

import type { Notice } from "@bez/contracts";
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { useAuth } from "./auth-provider";

/** How often the badge and the policy banner are refreshed while a page stays open. */
const REFRESH_MS = 120_000;

export interface NoticesState {
  /** Unread notices (null until the first answer, or when the inbox could not be read). */
  unread: number | null;
  /** The oldest policy notice not yet acknowledged: shown as a banner on every signed-in page. */
  pendingPolicy: Notice | null;
  refresh(): Promise<void>;
  /** Acknowledges a policy notice (which also marks it read) and refreshes the badge and banner. */
  acknowledge(id: string): Promise<Notice>;
}

const NoticesContext = createContext<NoticesState | null>(null);

/**
 * The signed-in user's inbox summary for the header's bell and the policy banner: read on sign-in, when the tab
 * comes back into view, every two minutes, and after the inbox changes something.
 */
export function NoticesProvider({ children }: { children: ReactNode }) {
  const { status, uid, api } = useAuth();
  const [summary, setSummary] = useState<{ uid: string; unread: number; pendingPolicy: Notice | null } | null>(null);

  const refresh = useCallback(async () => {
    if (status !== "signed-in" || !uid) return;
    try {
      const list = await api.listNotices({ limit: 1 });
      setSummary({ uid, unread: list.unread, pendingPolicy: list.pendingPolicy });
    } catch {
      // The bell and banner are extras: the inbox page says what went wrong when it is opened.
    }
  }, [api, status, uid]);

  useEffect(() => {
    if (status !== "signed-in") return;
    void refresh();
    const timer = window.setInterval(() => void refresh(), REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === "visible") void refresh();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [status, refresh]);

  const acknowledge = useCallback(
    async (id: string) => {
      const notice = await api.acknowledgeNotice(id);
      await refresh();
      return notice;
    },
    [api, refresh],
  );

  // A summary belongs to the account that read it: after a switch of account nothing of the previous one shows.
  const current = status === "signed-in" && summary?.uid === uid ? summary : null;
  const value = useMemo<NoticesState>(
    () => ({ unread: current?.unread ?? null, pendingPolicy: current?.pendingPolicy ?? null, refresh, acknowledge }),
    [current, refresh, acknowledge],
  );
  return <NoticesContext value={value}>{children}</NoticesContext>;
}

export function useNotices(): NoticesState {
  const value = use(NoticesContext);
  if (!value) throw new Error("useNotices must be used inside <NoticesProvider>");
  return value;
}
