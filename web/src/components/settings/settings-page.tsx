"use client";

import type { Me } from "@bez/contracts";
import { useCallback, useEffect, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { DisplayNameEditor } from "@/components/studio/display-name-editor";
import { Button, Skeleton } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { formatDate } from "@/lib/format";
import { DeleteSection } from "./delete-section";
import { ExportSection } from "./export-section";
import { IpLockSection } from "./ip-lock-section";
import { AnalyticsSection, RestrictionSection } from "./privacy-sections";
import { ProblemAlert, Section } from "./section";
import { TokensSection } from "./tokens-section";

const sections = [
  { id: "profile", label: "Profile" },
  { id: "ip-lock", label: "IP lock" },
  { id: "restriction", label: "Restrict processing" },
  { id: "analytics", label: "Analytics" },
  { id: "tokens", label: "Access tokens" },
  { id: "export", label: "Export" },
  { id: "delete", label: "Delete account" },
];

export function SettingsPage() {
  const { api } = useAuth();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    setError(null);
    api.getMe().then(setMe, (err) => setError(asApiError(err)));
  }, [api]);
  useEffect(load, [load]);

  return (
    <div className="mx-auto w-full max-w-6xl px-5 pb-24 pt-10 sm:px-8 sm:pt-14">
      <header className="mb-10">
        <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">Your account</p>
        <h1 className="mt-2 font-display text-[42px] font-medium leading-tight text-ink sm:text-5xl">Settings</h1>
        <p className="mt-2 max-w-2xl text-ink-soft">Your profile, who may reach your account, and your rights over your data.</p>
      </header>
      <div className="grid gap-10 lg:grid-cols-[200px_minmax(0,1fr)]">
        <nav aria-label="Settings sections" className="hidden lg:block">
          <ul className="sticky top-24 space-y-0.5 text-sm">
            {sections.map((s) => (
              <li key={s.id}>
                <a
                  href={`#${s.id}`}
                  className={
                    "block rounded-lg px-3 py-1.5 transition-colors hover:bg-sunken hover:text-ink " +
                    (s.id === "delete" ? "text-danger" : "text-ink-soft")
                  }
                >
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="min-w-0 max-w-3xl space-y-6">
          {error ? (
            <ProblemAlert error={error} title="We couldn’t load your settings" />
          ) : !me ? (
            <div className="space-y-6" role="status" aria-label="Loading your settings">
              <Skeleton className="h-40 w-full rounded-[var(--radius-card)]" />
              <Skeleton className="h-72 w-full rounded-[var(--radius-card)]" />
            </div>
          ) : (
            <>
              <Section id="profile" title="Profile" description="What Bez knows about you. You can correct your name at any time.">
                <dl className="divide-y divide-line">
                  <div className="grid gap-1 pb-3.5 sm:grid-cols-[140px_minmax(0,1fr)] sm:items-center sm:gap-4">
                    <dt className="text-[13px] text-muted">Display name</dt>
                    <dd className="min-w-0">
                      <DisplayNameEditor me={me} onSaved={setMe} />
                    </dd>
                  </div>
                  <div className="grid gap-1 py-3.5 sm:grid-cols-[140px_minmax(0,1fr)] sm:items-center sm:gap-4">
                    <dt className="text-[13px] text-muted">Email</dt>
                    <dd className="min-w-0 text-[15px] text-ink [overflow-wrap:anywhere]" data-testid="settings-email">
                      {me.email ?? "—"}
                    </dd>
                  </div>
                  <div className="grid gap-1 pt-3.5 sm:grid-cols-[140px_minmax(0,1fr)] sm:items-center sm:gap-4">
                    <dt className="text-[13px] text-muted">Member since</dt>
                    <dd className="text-[15px] text-ink">
                      <time dateTime={me.createdAt}>{formatDate(me.createdAt)}</time>
                    </dd>
                  </div>
                </dl>
              </Section>
              <IpLockSection me={me} onSettings={(settings) => setMe({ ...me, settings })} />
              <RestrictionSection me={me} onMe={setMe} />
              <AnalyticsSection me={me} onMe={setMe} />
              <TokensSection />
              <ExportSection />
              <DeleteSection />
            </>
          )}
          {error ? (
            <Button variant="secondary" onClick={load}>
              Try again
            </Button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
