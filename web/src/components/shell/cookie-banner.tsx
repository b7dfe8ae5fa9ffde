"use client";

import { Cookie } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useAnalytics } from "@/components/providers/analytics-provider";
import { Button } from "@/components/ui/button";

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
    <section aria-label="Analytics cookies" className="border-b border-line bg-surface" data-testid="cookie-banner" data-consent-banner="">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-5 py-3.5 text-sm sm:flex-row sm:items-center sm:gap-6 sm:px-8">
        <Cookie aria-hidden="true" className="hidden size-5 shrink-0 text-accent sm:block" />
        <p className="min-w-0 flex-1 leading-relaxed text-ink-soft">
          <span className="font-medium text-ink">May we count visits?</span> With your yes we use anonymous analytics
          cookies to learn which pages help jewelers. Your images and descriptions are never part of it.{" "}
          <Link href="/privacy" className="underline underline-offset-2 hover:text-ink">
            Privacy
          </Link>
        </p>
        <div className="flex shrink-0 gap-2">
          <Button variant="secondary" size="sm" disabled={busy} onClick={() => void pick("denied")}>
            No, thanks
          </Button>
          <Button size="sm" disabled={busy} onClick={() => void pick("granted")}>
            Allow analytics
          </Button>
        </div>
      </div>
    </section>
  );
}
