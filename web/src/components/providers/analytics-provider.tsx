"use client";

import dynamic from "next/dynamic";
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { readAnalyticsChoice, startPostHog, stopPostHog, writeAnalyticsChoice, type AnalyticsChoice } from "@/lib/analytics";
import { useAuth } from "./auth-provider";
import { usePublicConfig } from "./config-provider";

export interface AnalyticsState {
  /** null until this browser has been asked (or while reading storage on first render). */
  choice: AnalyticsChoice | null;
  /** Whether the banner may show (storage has been read). */
  ready: boolean;
  /** Whether this deployment has analytics at all (a PostHog key, or Axiom for Web Vitals, is configured). */
  available: boolean;
  /** Saves the choice here and, when signed in, on the account (`PATCH /v1/me`). Rejects when the account save fails. */
  choose(choice: AnalyticsChoice): Promise<void>;
}

const AnalyticsContext = createContext<AnalyticsState | null>(null);

// Its own chunk, fetched only once the visitor says yes: no page's first load carries web-vitals.
const VitalsReporter = dynamic(() => import("@/components/analytics/vitals-reporter"), { ssr: false });

export function AnalyticsProvider({ children }: { children: ReactNode }) {
  const config = usePublicConfig();
  const { status, api } = useAuth();
  const [choice, setChoice] = useState<AnalyticsChoice | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    setChoice(readAnalyticsChoice());
    setReady(true);
  }, []);

  useEffect(() => {
    if (choice === "granted" && config.analytics) startPostHog(config.analytics);
  }, [choice, config.analytics]);

  const choose = useCallback(
    async (next: AnalyticsChoice) => {
      writeAnalyticsChoice(next);
      setChoice(next);
      if (next === "denied") stopPostHog();
      if (status === "signed-in") await api.patchMe({ settings: { analytics: next === "granted" } });
    },
    [status, api],
  );

  const value = useMemo<AnalyticsState>(
    () => ({ choice, ready, available: config.analytics !== null || config.vitals, choose }),
    [choice, ready, config.analytics, config.vitals, choose],
  );
  return (
    <AnalyticsContext value={value}>
      {children}
      {choice === "granted" && config.vitals ? <VitalsReporter /> : null}
    </AnalyticsContext>
  );
}

export function useAnalytics(): AnalyticsState {
  const value = use(AnalyticsContext);
  if (!value) throw new Error("useAnalytics must be used inside <AnalyticsProvider>");
  return value;
}
