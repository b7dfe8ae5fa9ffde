"use client";

import type { AspectRatio, Generation, GenerationOutput, MarketplaceCheck, Preset } from "@bez/contracts";
import { AlertTriangle, Ban, CheckCircle2, RotateCcw, Wand2, X } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { ImageViewer } from "@/components/gallery/image-viewer";
import { SignedImage } from "@/components/gallery/signed-image";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Badge, Button, LiveRegion, Spinner, type BadgeTone } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { generationErrorMessages } from "@/lib/problem-messages";
import { isTerminal, type Connection } from "./use-generation";

export const aspectClasses: Record<AspectRatio, string> = {
  "1:1": "aspect-square",
  "4:5": "aspect-[4/5]",
  "3:4": "aspect-[3/4]",
  "16:9": "aspect-video",
  "9:16": "aspect-[9/16]",
};

export const statusWords: Record<Generation["status"], { label: string; tone: BadgeTone }> = {
  queued: { label: "Waiting", tone: "neutral" },
  running: { label: "Making", tone: "accent" },
  succeeded: { label: "Ready", tone: "success" },
  failed: { label: "Failed", tone: "danger" },
  canceled: { label: "Canceled", tone: "neutral" },
};

/** Marketplace rule failures, in words (the API's reasons are short technical phrases; shown as they are otherwise). */
function reasonWords(check: MarketplaceCheck): string[] {
  return check.reasons.length ? check.reasons : ["It doesn’t meet Amazon’s main-image rules."];
}

function useElapsed(since: string, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running]);
  return Math.max(0, Math.round((now - Date.parse(since)) / 1000));
}

/**
 * One generation: live progress while it runs (with Cancel), then its images with the marketplace check, a
 * one-click fix for packshots, and the viewer; or what went wrong, in words.
 */
export function GenerationPanel({
  generation,
  presets,
  connection,
  onChanged,
  onRetry,
}: {
  generation: Generation;
  presets: Preset[];
  connection: Connection;
  onChanged: (g: Generation) => void;
  onRetry: (g: Generation) => void;
}) {
  const { api } = useAuth();
  const preset = presets.find((p) => p.id === generation.preset);
  const running = !isTerminal(generation);
  const elapsed = useElapsed(generation.createdAt, running);
  const [canceling, setCanceling] = useState(false);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [fixing, setFixing] = useState<string | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [deleted, setDeleted] = useState<Set<string>>(new Set());
  const heading = useRef<HTMLHeadingElement>(null);

  const outputs = useMemo(() => generation.outputs.filter((o) => !deleted.has(o.imageId)), [generation.outputs, deleted]);
  const ids = outputs.map((o) => o.imageId);
  const fixedFrom = new Set(outputs.map((o) => o.derivedFrom).filter(Boolean) as string[]);

  async function cancel() {
    setCanceling(true);
    setActionError(null);
    try {
      await api.cancelGeneration(generation.id);
      onChanged({ ...generation, status: "canceled" });
    } catch (err) {
      const e = asApiError(err);
      if (e.code !== "already-finished") setActionError(e);
    } finally {
      setCanceling(false);
    }
  }

  async function fix(output: GenerationOutput) {
    setFixing(output.imageId);
    setActionError(null);
    try {
      const fixed = await api.marketplaceFix(output.imageId);
      // The API records the fixed image on the generation too; show it now either way.
      const already = generation.outputs.some((o) => o.imageId === fixed.image.id);
      const next = already
        ? generation
        : {
            ...generation,
            outputs: [...generation.outputs, { imageId: fixed.image.id, marketplace: fixed.marketplace, derivedFrom: output.imageId }],
          };
      onChanged(next);
    } catch (err) {
      setActionError(asApiError(err));
    } finally {
      setFixing(null);
    }
  }

  const title =
    generation.status === "queued"
      ? "Waiting to start…"
      : generation.status === "running"
        ? `Making ${generation.count === 1 ? "your image" : `${generation.count} images`}…`
        : generation.status === "succeeded"
          ? outputs.length === 1
            ? "Your image is ready"
            : "Your images are ready"
          : generation.status === "canceled"
            ? "Canceled"
            : "This didn’t work";
  const percent = generation.progress === null ? null : Math.round(generation.progress * 100);
  const errorWords = generation.error ? generationErrorMessages[generation.error.code] : null;

  return (
    <section aria-labelledby={`gen-${generation.id}`} className="space-y-5" data-testid="generation-panel" data-status={generation.status}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={statusWords[generation.status].tone}>
              {running ? <Spinner className="size-3" /> : <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />}
              <span data-testid="generation-status">{statusWords[generation.status].label}</span>
            </Badge>
            <span className="text-[13px] text-muted">
              {preset?.title ?? generation.preset} · {generation.aspectRatio} · {generation.count} image{generation.count === 1 ? "" : "s"}
            </span>
          </div>
          <h2 ref={heading} id={`gen-${generation.id}`} tabIndex={-1} className="mt-2 font-display text-3xl font-medium text-ink">
            {title}
          </h2>
          <p className="mt-1 line-clamp-2 text-sm text-ink-soft [overflow-wrap:anywhere]">“{generation.prompt}”</p>
        </div>
        {running ? (
          <Button variant="secondary" onClick={() => void cancel()} loading={canceling} loadingText="Canceling…">
            <X aria-hidden="true" className="size-4" /> Cancel
          </Button>
        ) : generation.status !== "succeeded" ? (
          <Button variant="secondary" onClick={() => onRetry(generation)}>
            <RotateCcw aria-hidden="true" className="size-4" /> Try again
          </Button>
        ) : null}
      </div>

      {running ? (
        <div data-testid="generation-progress" data-percent={percent ?? ""}>
          <div className="relative h-2 overflow-hidden rounded-full bg-sunken">
            {percent !== null && percent > 0 ? (
              <progress
                value={percent}
                max={100}
                aria-label="Progress"
                className="block h-2 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-accent [&::-webkit-progress-bar]:bg-sunken [&::-webkit-progress-value]:rounded-full [&::-webkit-progress-value]:bg-accent [&::-webkit-progress-value]:transition-[width] [&::-webkit-progress-value]:duration-500"
              />
            ) : (
              <>
                {/* No measured progress yet: an indeterminate bar (the native one cannot be styled to move). */}
                <progress aria-label="Progress" className="sr-only" />
                <span aria-hidden="true" className="absolute inset-y-0 w-1/3 animate-indeterminate rounded-full bg-accent" />
              </>
            )}
          </div>
          <p className="mt-2 flex justify-between text-[13px] tabular-nums text-muted" aria-live="polite">
            <span>
              {generation.status === "queued" ? "Waiting for the image service" : percent !== null && percent > 0 ? `${percent} %` : "Working on it"}
              {connection === "reconnecting" ? " · reconnecting…" : ""}
            </span>
            <span aria-label={`${elapsed} seconds`}>{elapsed} s</span>
          </p>
        </div>
      ) : null}

      <LiveRegion assertive className="empty:hidden">
        {actionError ? (
          <Alert tone="error" role="alert" title={actionError.title} footnote={actionError.requestId ? `Reference: ${actionError.requestId}` : undefined}>
            {actionError.detail}
          </Alert>
        ) : null}
      </LiveRegion>

      {generation.status === "failed" ? (
        <Alert tone="error" title={errorWords?.title ?? "The images couldn’t be made"}>
          {errorWords?.detail ?? "Please try again. This attempt didn’t count against today’s allowance."}
        </Alert>
      ) : generation.status === "canceled" ? (
        <Alert tone="info" title="You canceled this generation">
          Nothing was made, and it didn’t count against today’s allowance.
        </Alert>
      ) : null}

      {running ? (
        <ul className={cn("grid gap-3", gridCols(generation.count))} aria-hidden="true">
          {Array.from({ length: generation.count }, (_, i) => (
            <li key={i} className={cn("relative overflow-hidden rounded-xl border border-line bg-sunken", aspectClasses[generation.aspectRatio])}>
              <span className="absolute inset-0 animate-pulse bg-gradient-to-br from-sunken via-accent-soft to-sunken" />
            </li>
          ))}
        </ul>
      ) : outputs.length > 0 ? (
        <ul className={cn("grid gap-4", gridCols(outputs.length))} aria-label="Results" data-testid="generation-results">
          {outputs.map((output, i) => {
            const check = output.marketplace;
            const canFix = check && !check.pass && check.fixable && generation.preset === "packshot-white" && !fixedFrom.has(output.imageId);
            return (
              <li key={output.imageId} className="flex flex-col gap-2.5">
                <button
                  type="button"
                  onClick={() => setViewing(i)}
                  data-result-tile
                  aria-label={`Open image ${i + 1} of ${outputs.length}${output.derivedFrom ? " (fixed for Amazon)" : ""}`}
                  className={cn(
                    "group relative block overflow-hidden rounded-xl border border-line bg-surface shadow-[var(--shadow-card)] transition-shadow hover:shadow-[var(--shadow-pop)]",
                    aspectClasses[generation.aspectRatio],
                  )}
                >
                  <SignedImage imageId={output.imageId} width={768} eager alt="" className="size-full" imgClassName="object-cover transition-transform duration-300 group-hover:scale-[1.02]" />
                </button>
                {check ? <MarketplaceBadge check={check} fixed={Boolean(output.derivedFrom)} /> : null}
                {canFix ? (
                  <Button
                    variant="secondary"
                    size="sm"
                    className="self-start"
                    loading={fixing === output.imageId}
                    loadingText="Fixing…"
                    disabled={fixing !== null && fixing !== output.imageId}
                    onClick={() => void fix(output)}
                  >
                    <Wand2 aria-hidden="true" className="size-3.5" /> Fix for Amazon
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : generation.status === "succeeded" ? (
        <p className="text-sm text-muted">The images of this generation have been deleted.</p>
      ) : null}

      {!running && outputs.length > 0 ? (
        <p className="border-t border-line pt-4 text-[13px] leading-relaxed text-muted">
          Open an image to download it as PNG, JPEG or WebP, or sized for Amazon, Etsy and Shopify. Everything you make is kept, encrypted, in your{" "}
          <Link href="/gallery" className="font-medium text-accent underline underline-offset-2">
            gallery
          </Link>
          .
        </p>
      ) : null}

      <ImageViewer
        ids={ids}
        index={viewing}
        onIndexChange={setViewing}
        onClose={() => setViewing(null)}
        onDeleted={(id) => {
          const left = ids.filter((x) => x !== id);
          setDeleted((s) => new Set(s).add(id));
          setViewing(left.length ? Math.min(viewing ?? 0, left.length - 1) : null);
        }}
        returnFocus={() => document.querySelector<HTMLElement>("[data-result-tile]") ?? heading.current}
        renderExtra={(id) => {
          const check = outputs.find((o) => o.imageId === id)?.marketplace;
          return check ? (
            <div>
              <h4 className="mb-2 text-[13px] font-medium text-ink">Amazon main image check</h4>
              <MarketplaceBadge check={check} fixed={Boolean(outputs.find((o) => o.imageId === id)?.derivedFrom)} />
            </div>
          ) : null;
        }}
      />
    </section>
  );
}

function gridCols(n: number): string {
  return n === 1 ? "grid-cols-1 sm:max-w-md" : n === 2 ? "grid-cols-2" : n === 3 ? "grid-cols-2 sm:grid-cols-3" : "grid-cols-2 lg:grid-cols-4";
}

export function MarketplaceBadge({ check, fixed }: { check: MarketplaceCheck; fixed?: boolean }) {
  if (check.pass) {
    return (
      <div data-testid="marketplace-badge" data-pass="true">
        <Badge tone="success">
          <CheckCircle2 aria-hidden="true" className="size-3" /> {fixed ? "Fixed: Amazon-ready" : "Amazon-ready"}
        </Badge>
        <p className="mt-1 text-[12px] leading-snug text-muted">
          White background, the piece fills {Math.round(check.fillRatio * 100)} % of the frame, {check.longestSide} px.
        </p>
      </div>
    );
  }
  return (
    <div data-testid="marketplace-badge" data-pass="false">
      <Badge tone="warning">
        <AlertTriangle aria-hidden="true" className="size-3" /> Not Amazon-ready
      </Badge>
      <ul className="mt-1 space-y-0.5 text-[12px] leading-snug text-ink-soft">
        {reasonWords(check).map((reason) => (
          <li key={reason} className="flex gap-1.5">
            <Ban aria-hidden="true" className="mt-[3px] size-2.5 shrink-0 text-warning" />
            <span>{reason}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
