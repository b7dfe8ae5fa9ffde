"use client";

import { ScrollText } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useNotices } from "@/components/providers/notices-provider";
import { Button, LiveRegion } from "@/components/ui";
import { asApiError } from "@/lib/api";

/**
 * A policy change the signed-in user has not acknowledged yet: shown under the header on every page until they
 * say they have read it. Unlike the email reminder it cannot be dismissed any other way.
 */
export function PolicyBanner() {
  const { pendingPolicy, acknowledge } = useNotices();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  if (!pendingPolicy) return null;
  const notice = pendingPolicy;

  async function onAcknowledge() {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      await acknowledge(notice.id);
    } catch (err) {
      setFailure(asApiError(err).title);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section
      aria-labelledby="policy-banner-title"
      className="border-b border-accent/25 bg-accent-soft"
      data-testid="policy-banner"
    >
      <div className="mx-auto flex max-w-6xl flex-wrap items-start gap-x-4 gap-y-3 px-5 py-3.5 text-sm sm:flex-nowrap sm:items-center sm:px-8">
        <ScrollText aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-accent sm:mt-0" />
        <div className="min-w-0 flex-1">
          <h2 id="policy-banner-title" className="font-medium text-ink">
            <span className="text-accent">Policy update:</span> {notice.subject}
          </h2>
          <p className="mt-0.5 line-clamp-2 whitespace-pre-line text-ink-soft">{notice.body}</p>
          <LiveRegion assertive>{failure ? <p className="mt-1 text-danger">{failure}. Please try again.</p> : null}</LiveRegion>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          <Link href="/notices" className="rounded-full px-3 py-1.5 text-[13px] text-ink-soft underline-offset-4 hover:text-ink hover:underline">
            Read in full
          </Link>
          <Button size="sm" onClick={onAcknowledge} loading={busy}>
            I have read it
          </Button>
        </div>
      </div>
    </section>
  );
}
