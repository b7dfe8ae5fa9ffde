"use client";

import type { Notice } from "@bez/contracts";
import { Check, Inbox } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { useNotices } from "@/components/providers/notices-provider";
import { ProblemAlert } from "@/components/settings/section";
import { Button, LiveRegion, Skeleton } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { NoticeCard } from "./notice-card";

const PAGE = 20;

/** The signed-in user's notices from Bez: incidents and policy changes, newest first. Opening one marks it read. */
export function NoticeInbox() {
  const { api } = useAuth();
  const notices = useNotices();
  const [items, setItems] = useState<Notice[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [acknowledging, setAcknowledging] = useState<string | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    setError(null);
    api.listNotices({ limit: PAGE }).then(
      (page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
      },
      (err) => setError(asApiError(err)),
    );
  }, [api]);
  useEffect(load, [load]);

  const replace = (notice: Notice) => setItems((list) => list?.map((n) => (n.id === notice.id ? notice : n)) ?? null);

  async function more() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await api.listNotices({ limit: PAGE, cursor });
      setItems((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setActionError(asApiError(err));
    } finally {
      setLoadingMore(false);
    }
  }

  function toggle(notice: Notice) {
    const opening = open !== notice.id;
    setOpen(opening ? notice.id : null);
    if (!opening || notice.readAt) return;
    api.readNotice(notice.id).then(
      (read) => {
        replace(read);
        void notices.refresh();
      },
      (err) => setActionError(asApiError(err)),
    );
  }

  async function acknowledge(notice: Notice) {
    if (acknowledging) return;
    setAcknowledging(notice.id);
    setActionError(null);
    try {
      replace(await notices.acknowledge(notice.id));
    } catch (err) {
      setActionError(asApiError(err));
    } finally {
      setAcknowledging(null);
    }
  }

  return (
    <div className="mx-auto w-full max-w-3xl px-5 pb-24 pt-10 sm:px-8 sm:pt-14">
      <header className="mb-8">
        <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">Your account</p>
        <h1 className="mt-2 font-display text-[42px] font-medium leading-tight text-ink sm:text-5xl">Notices</h1>
        <p className="mt-2 text-ink-soft">
          Messages from Bez about incidents and changes to our policies. We also send each one by email.
        </p>
      </header>
      <LiveRegion assertive>{actionError ? <ProblemAlert error={actionError} className="mb-4" /> : null}</LiveRegion>
      {error ? (
        <div className="space-y-4">
          <ProblemAlert error={error} title="We couldn’t load your notices" />
          <Button variant="secondary" onClick={load}>
            Try again
          </Button>
        </div>
      ) : items === null ? (
        <div className="space-y-3" role="status" aria-label="Loading your notices">
          <Skeleton className="h-20 w-full rounded-[var(--radius-card)]" />
          <Skeleton className="h-20 w-full rounded-[var(--radius-card)]" />
        </div>
      ) : items.length === 0 ? (
        <div className="flex flex-col items-center rounded-[var(--radius-card)] border border-dashed border-line-strong px-6 py-16 text-center">
          <Inbox aria-hidden="true" className="size-7 text-muted" />
          <p className="mt-3 font-medium text-ink">No notices</p>
          <p className="mt-1 text-sm text-muted">When Bez has news about your account or our policies, it will be here.</p>
        </div>
      ) : (
        <>
          <ul className="space-y-3">
            {items.map((notice) => (
              <li key={notice.id}>
                <NoticeCard
                  notice={notice}
                  open={open === notice.id}
                  onToggle={() => toggle(notice)}
                  actions={
                    notice.kind !== "policy" ? null : notice.acknowledgedAt ? (
                      <p className="flex items-center gap-1.5 text-[13px] text-success">
                        <Check aria-hidden="true" className="size-4" /> You confirmed reading this on {formatDateTime(notice.acknowledgedAt)}
                      </p>
                    ) : (
                      <Button size="sm" onClick={() => acknowledge(notice)} loading={acknowledging === notice.id}>
                        I have read it
                      </Button>
                    )
                  }
                />
              </li>
            ))}
          </ul>
          {cursor ? (
            <div className="mt-6 flex justify-center">
              <Button variant="secondary" onClick={more} loading={loadingMore} loadingText="Loading…">
                Show older notices
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
