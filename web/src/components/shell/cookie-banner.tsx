"use client";

import { useState } from "react";
import { useAnalytics } from "@/components/providers/analytics-provider";
import { Button } from "@/components/ui/button";
import { CookieBannerFrame } from "./cookie-banner-frame";

/**
 * Asked once per browser, on every page until answered. Sits in the page flow (never over it), and nothing is
 * loaded before a "yes". Rendered on the server too, so it is in place from the first paint instead of pushing the
 * page down after hydration; ConsentAnsweredScript hides it before that paint where the answer is already stored.
 */
export function CookieBanner() {
  const { choice, ready, choose } = useAnalytics();
  const [busy, setBusy] = useState(false);
  if (ready && choice !== null) return null;

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

  return (
    <CookieBannerFrame
      choices={
        <>
          <Button variant="secondary" size="sm" disabled={busy} onClick={() => void pick("denied")}>
            No, thanks
          </Button>
          <Button size="sm" disabled={busy} onClick={() => void pick("granted")}>
            Allow analytics
          </Button>
        </>
      }
    />
  );
}
