"use client";

import type { Notice, NoticeKind } from "@bez/contracts";
import { ChevronDown } from "lucide-react";
import { useId, type ReactNode } from "react";
import { Badge } from "@/components/ui";
import { cn } from "@/lib/cn";
import { formatDateTime } from "@/lib/format";

export const noticeKindLabels: Record<NoticeKind, string> = { incident: "Incident", policy: "Policy" };

export function NoticeKindBadge({ kind }: { kind: NoticeKind }) {
  return <Badge tone={kind === "incident" ? "danger" : "accent"}>{noticeKindLabels[kind]}</Badge>;
}

/**
 * One notice as it appears in the inbox: kind, date, subject; the message opens below the heading's button.
 * The admin composer's preview renders this same card.
 */
export function NoticeCard({
  notice,
  open,
  onToggle,
  actions,
}: {
  notice: Pick<Notice, "kind" | "subject" | "body" | "sentAt" | "readAt">;
  open: boolean;
  onToggle?: () => void;
  actions?: ReactNode;
}) {
  const bodyId = useId();
  const unread = notice.readAt === null;
  return (
    <article
      className={cn(
        "rounded-[var(--radius-card)] border bg-surface shadow-[var(--shadow-card)] transition-colors",
        unread ? "border-line-strong" : "border-line",
      )}
      data-testid="notice"
      data-unread={unread || undefined}
    >
      <h2>
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={open}
          aria-controls={bodyId}
          disabled={!onToggle}
          className="flex w-full items-start gap-3 rounded-[var(--radius-card)] px-5 py-4 text-left disabled:cursor-default sm:px-6"
        >
          <span
            aria-hidden="true"
            className={cn("mt-2 size-2 shrink-0 rounded-full", unread ? "bg-accent" : "bg-transparent")}
          />
          <span className="min-w-0 flex-1">
            <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
              <NoticeKindBadge kind={notice.kind} />
              <time dateTime={notice.sentAt} className="text-[13px] text-muted">
                {formatDateTime(notice.sentAt)}
              </time>
              {unread ? <span className="text-[13px] font-medium text-accent">Unread</span> : null}
            </span>
            <span className={cn("mt-1.5 block text-[15px] text-ink [overflow-wrap:anywhere]", unread && "font-semibold")}>
              {notice.subject}
            </span>
          </span>
          {onToggle ? (
            <ChevronDown aria-hidden="true" className={cn("mt-1 size-4 shrink-0 text-muted transition-transform", open && "rotate-180")} />
          ) : null}
        </button>
      </h2>
      <div id={bodyId} hidden={!open} className="border-t border-line px-5 pb-5 pt-4 sm:px-6 sm:pl-11">
        <p className="whitespace-pre-line text-[15px] leading-relaxed text-ink-soft [overflow-wrap:anywhere]">{notice.body}</p>
        {actions ? <div className="mt-4 flex flex-wrap items-center gap-3">{actions}</div> : null}
      </div>
    </article>
  );
}
