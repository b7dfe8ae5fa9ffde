"use client";

import type { Me } from "@bez/contracts";
import { useState } from "react";
import { useAnalytics } from "@/components/providers/analytics-provider";
import { useAuth } from "@/components/providers/auth-provider";
import { Badge, LiveRegion, Switch } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { ProblemAlert, Section } from "./section";

/** Right to restriction: pause all new processing while keeping access, export and deletion. */
export function RestrictionSection({ me, onMe }: { me: Me; onMe: (me: Me) => void }) {
  const { api } = useAuth();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const restricted = me.status === "restricted";

  async function toggle(next: boolean) {
    setBusy(true);
    setFailure(null);
    try {
      onMe(await api.setRestriction(next));
    } catch (err) {
      setFailure(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section
      id="restriction"
      title="Restrict processing"
      description="A pause button for your data. While it is on, Bez makes no new images and accepts no uploads; your existing images stay encrypted and untouched."
      action={
        <Badge tone={restricted ? "warning" : "neutral"}>
          <span data-testid="restriction-state">{restricted ? "Paused" : "Off"}</span>
        </Badge>
      }
    >
      <ul className="mb-5 grid gap-2 text-sm text-ink-soft sm:grid-cols-2">
        <li className="rounded-lg bg-sunken/70 px-3.5 py-2.5">
          <span className="font-medium text-ink">Stops:</span> new images, uploads, marketplace fixes.
        </li>
        <li className="rounded-lg bg-sunken/70 px-3.5 py-2.5">
          <span className="font-medium text-ink">Keeps working:</span> viewing, downloading, export and deletion.
        </li>
      </ul>
      <Switch
        checked={restricted}
        onChange={(next) => void toggle(next)}
        busy={busy}
        label="Pause all processing of my data"
        description="You can turn this off again at any time."
      />
      <LiveRegion assertive>{failure ? <ProblemAlert error={failure} className="mt-4" /> : null}</LiveRegion>
    </Section>
  );
}

/** Analytics consent, the same choice the cookie banner asks for; stored here and on the account. */
export function AnalyticsSection({ me, onMe }: { me: Me; onMe: (me: Me) => void }) {
  const { api } = useAuth();
  const { choice, choose, available } = useAnalytics();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const on = choice === null ? me.settings.analytics : choice === "granted";

  async function toggle(next: boolean) {
    setBusy(true);
    setFailure(null);
    try {
      await choose(next ? "granted" : "denied");
      onMe(await api.getMe());
    } catch (err) {
      setFailure(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section
      id="analytics"
      title="Analytics"
      description="Anonymous visit counts help us learn which pages are useful. Nothing loads until you say yes, and your images, descriptions and email are never part of it."
    >
      <Switch
        checked={on}
        onChange={(next) => void toggle(next)}
        busy={busy}
        label="Allow anonymous analytics"
        description={
          available
            ? "Applies in this browser and to your account."
            : "This installation of Bez has no analytics service set up, so nothing is collected either way. Your choice is still saved."
        }
      />
      <LiveRegion assertive>{failure ? <ProblemAlert error={failure} className="mt-4" /> : null}</LiveRegion>
    </Section>
  );
}
