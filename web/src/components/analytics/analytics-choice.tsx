"use client";

import { useState } from "react";
import { useAnalytics } from "@/components/providers/analytics-provider";
import { Button, LiveRegion } from "@/components/ui";

/** The cookie banner's choice, shown and changeable without an account (signed-in users also have it in settings). */
export function AnalyticsChoice() {
  const { choice, ready, choose } = useAnalytics();
  const [busy, setBusy] = useState(false);
  if (!ready) return null;

  async function pick(next: "granted" | "denied") {
    setBusy(true);
    try {
      await choose(next);
    } catch {
      // Saved in this browser; the settings page shows and retries the account copy.
    } finally {
      setBusy(false);
    }
  }

  const state =
    choice === "granted" ? "Analytics are on in this browser." : choice === "denied" ? "Analytics are off in this browser." : "You have not chosen yet, so analytics are off.";
  return (
    <div className="my-5 flex flex-col gap-3 rounded-[var(--radius-card)] border border-line bg-surface p-4 text-sm sm:flex-row sm:items-center sm:justify-between">
      <LiveRegion>
        <p className="!mt-0 text-ink" data-testid="analytics-choice-state">
          {state}
        </p>
      </LiveRegion>
      {choice === "granted" ? (
        <Button variant="secondary" size="sm" disabled={busy} onClick={() => void pick("denied")}>
          Turn analytics off
        </Button>
      ) : (
        <Button variant="secondary" size="sm" disabled={busy} onClick={() => void pick("granted")}>
          Allow analytics
        </Button>
      )}
    </div>
  );
}
