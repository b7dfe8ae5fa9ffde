"use client";

import type { Generation, Preset } from "@bez/contracts";
import { ImageIcon, RefreshCw } from "lucide-react";
import { SignedImage } from "@/components/gallery/signed-image";
import { Alert, Badge, Button, Skeleton, Spinner } from "@/components/ui";
import type { ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { formatRelative } from "@/lib/format";
import { statusWords } from "./generation-panel";
import { isTerminal } from "./use-generation";

/** The latest generations with their status; choosing one shows it in the studio. */
export function RecentGenerations({
  items,
  presets,
  selected,
  onSelect,
  error,
  onRetry,
}: {
  items: Generation[] | null;
  presets: Preset[];
  selected: string | null;
  onSelect: (g: Generation) => void;
  error: ApiError | null;
  onRetry: () => void;
}) {
  if (error && !items) {
    return (
      <Alert
        tone="error"
        title={error.title}
        action={
          <Button size="sm" variant="secondary" onClick={onRetry}>
            <RefreshCw aria-hidden="true" className="size-3.5" /> Try again
          </Button>
        }
      >
        {error.detail}
      </Alert>
    );
  }
  if (!items) {
    return (
      <div className="space-y-3" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="flex items-center gap-3">
            <Skeleton className="size-11 rounded-lg" />
            <div className="flex-1 space-y-1.5">
              <Skeleton className="h-3.5 w-3/4" />
              <Skeleton className="h-3 w-1/3" />
            </div>
          </div>
        ))}
      </div>
    );
  }
  if (items.length === 0) {
    return <p className="text-sm leading-relaxed text-muted">Nothing yet. Your generations will be listed here as you make them.</p>;
  }
  return (
    <ul className="-mx-2 space-y-0.5" data-testid="recent-generations">
      {items.map((g) => {
        const preset = presets.find((p) => p.id === g.preset);
        const first = g.outputs[0]?.imageId;
        const status = statusWords[g.status];
        return (
          <li key={g.id}>
            <button
              type="button"
              onClick={() => onSelect(g)}
              aria-current={selected === g.id ? "true" : undefined}
              className={cn(
                "flex w-full items-center gap-3 rounded-xl px-2 py-2 text-left transition-colors",
                selected === g.id ? "bg-accent-soft" : "hover:bg-sunken",
              )}
            >
              <span className="relative size-11 shrink-0 overflow-hidden rounded-lg border border-line bg-sunken">
                {first ? (
                  <SignedImage imageId={first} width={128} alt="" className="size-full" imgClassName="object-cover" />
                ) : (
                  <span className="flex size-full items-center justify-center text-muted">
                    {isTerminal(g) ? <ImageIcon aria-hidden="true" className="size-4" /> : <Spinner className="size-4" />}
                  </span>
                )}
              </span>
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm text-ink">{g.prompt}</span>
                <span className="mt-0.5 flex items-center gap-1.5 text-[12px] text-muted">
                  <span className="truncate">{preset?.title ?? g.preset}</span>
                  <span aria-hidden="true">·</span>
                  <time dateTime={g.createdAt} className="shrink-0">
                    {formatRelative(g.createdAt)}
                  </time>
                </span>
              </span>
              <Badge tone={status.tone} className="shrink-0">
                {status.label}
              </Badge>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
