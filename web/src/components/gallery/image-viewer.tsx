"use client";

import type { ImageFormat, ImageWithLink } from "@bez/contracts";
import { ChevronLeft, ChevronRight, Download, Store, Trash2 } from "lucide-react";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Badge, Button, ConfirmDialog, Dialog, LiveRegion, Skeleton } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { downloadFormats, extensions, formatBytes, marketplaceSizes, padToCanvas, saveBlob, type MarketplaceSize } from "@/lib/image-files";
import { signedLinksFor } from "@/lib/signed-links";
import { SignedImage } from "./signed-image";

export const kindLabels = { upload: "Upload", output: "Generated" } as const;

/**
 * The image viewer: a large preview, its facts, downloads in three formats and three marketplace sizes, and
 * deletion. ← and → move through `ids`, Esc closes, focus stays inside and returns to where it came from.
 */
export function ImageViewer({
  ids,
  index,
  onIndexChange,
  onClose,
  onDeleted,
  returnFocus,
  renderExtra,
}: {
  ids: string[];
  /** Which image is open; null: the viewer is closed. */
  index: number | null;
  onIndexChange: (index: number) => void;
  onClose: () => void;
  onDeleted?: (id: string) => void;
  returnFocus?: () => HTMLElement | null;
  /** More about the open image (e.g. the studio's marketplace check). */
  renderExtra?: (id: string) => ReactNode;
}) {
  const open = index !== null && ids[index] !== undefined;
  const id = open ? ids[index] : undefined;
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<ApiError | null>(null);
  const { api } = useAuth();
  const deleteButton = useRef<HTMLButtonElement>(null);

  function go(step: number) {
    if (index === null) return;
    const next = index + step;
    if (next >= 0 && next < ids.length) onIndexChange(next);
  }

  async function confirmDelete() {
    if (!id) return;
    setDeleting(true);
    setDeleteError(null);
    try {
      await api.deleteImage(id);
      signedLinksFor(api).forget(id);
      setConfirming(false);
      onDeleted?.(id);
    } catch (err) {
      const e = asApiError(err);
      if (e.code === "not-found") {
        // Already gone (another tab, or the CLI): the outcome the user asked for.
        setConfirming(false);
        onDeleted?.(id);
      } else {
        setDeleteError(e);
      }
    } finally {
      setDeleting(false);
    }
  }

  return (
    <>
      <Dialog
        open={open}
        onClose={onClose}
        title="Image"
        hideTitle
        size="full"
        returnFocus={returnFocus}
        onKeyDown={(e) => {
          const target = e.target as HTMLElement;
          if (target.closest("input, select, textarea")) return;
          if (e.key === "ArrowRight") {
            e.preventDefault();
            go(1);
          } else if (e.key === "ArrowLeft") {
            e.preventDefault();
            go(-1);
          }
        }}
      >
        {id && index !== null ? (
          <ViewerBody
            key={id}
            id={id}
            position={index + 1}
            total={ids.length}
            onPrev={index > 0 ? () => go(-1) : undefined}
            onNext={index < ids.length - 1 ? () => go(1) : undefined}
            onDelete={() => {
              setDeleteError(null);
              setConfirming(true);
            }}
            deleteButton={deleteButton}
            extra={renderExtra?.(id)}
          />
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={confirming}
        title="Delete this image?"
        description="It is removed from your vault for good, with its thumbnail. Copies you have downloaded are not affected."
        confirmLabel="Delete image"
        busyLabel="Deleting…"
        busy={deleting}
        onConfirm={() => void confirmDelete()}
        onCancel={() => setConfirming(false)}
        returnFocus={() => deleteButton.current}
        error={
          deleteError ? (
            <Alert tone="error" role="alert" title={deleteError.title} footnote={deleteError.requestId ? `Reference: ${deleteError.requestId}` : undefined}>
              {deleteError.detail}
            </Alert>
          ) : null
        }
      />
    </>
  );
}

function ViewerBody({
  id,
  position,
  total,
  onPrev,
  onNext,
  onDelete,
  deleteButton,
  extra,
}: {
  id: string;
  position: number;
  total: number;
  onPrev?: () => void;
  onNext?: () => void;
  onDelete: () => void;
  deleteButton: React.RefObject<HTMLButtonElement | null>;
  extra?: ReactNode;
}) {
  const { api } = useAuth();
  const links = useMemo(() => signedLinksFor(api), [api]);
  const [image, setImage] = useState<ImageWithLink | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<{
    tone: "success" | "error";
    title: string;
    detail?: string;
    file?: string;
    requestId?: string | null;
  } | null>(null);

  useEffect(() => {
    let live = true;
    links.get(id).then(
      (img) => live && setImage(img),
      (err) => live && setLoadError(asApiError(err)),
    );
    return () => {
      live = false;
    };
  }, [id, links]);

  async function download(key: string, work: () => Promise<{ blob: Blob; name: string }>) {
    if (busy) return;
    setBusy(key);
    setNotice(null);
    try {
      const { blob, name } = await work();
      saveBlob(blob, name);
      setNotice({ tone: "success", title: "Downloaded", file: name });
    } catch (err) {
      const e = asApiError(err);
      setNotice(
        e.kind === "unexpected" && e.status === null
          ? { tone: "error", title: "We couldn’t prepare that download", detail: "Please try again, or choose another format." }
          : { tone: "error", title: e.title, detail: e.detail, requestId: e.requestId },
      );
    } finally {
      setBusy(null);
    }
  }

  function downloadFormat(format: ImageFormat) {
    void download(format, async () => ({
      blob: await api.fetchImage(id, { format }),
      name: `bez-${id}.${extensions[format]}`,
    }));
  }

  function downloadMarketplace(size: MarketplaceSize) {
    if (!image) return;
    void download(size.id, async () => {
      // Ask the API for no more pixels than the canvas needs (it never scales up).
      const scale = Math.min(size.width / image.width, size.height / image.height);
      const width = scale < 1 ? Math.max(64, Math.round(image.width * scale)) : undefined;
      const source = await api.fetchImage(id, { format: "png", width });
      return { blob: await padToCanvas(source, size.width, size.height), name: `bez-${id}-${size.id}-${size.width}x${size.height}.jpg` };
    });
  }

  const title = image ? (image.kind === "output" ? "Generated image" : "Uploaded photo") : "Image";
  const alt = image ? `${title}, ${image.width} × ${image.height} pixels` : "Image";

  return (
    <div className="flex h-full min-h-0 flex-col lg:flex-row" data-testid="image-viewer" data-image-id={id}>
      <div className="relative flex min-h-[46dvh] flex-1 items-center justify-center overflow-hidden rounded-t-[var(--radius-card)] bg-sunken lg:min-h-0 lg:rounded-l-[var(--radius-card)] lg:rounded-tr-none">
        {loadError ? (
          <p className="px-6 text-center text-sm text-muted">{loadError.title}</p>
        ) : (
          <SignedImage
            imageId={id}
            width={1600}
            eager
            alt={alt}
            className="absolute inset-6 sm:inset-10"
            imgClassName="object-scale-down drop-shadow-[0_2px_10px_rgb(26_23_20/0.08)]"
          />
        )}
        {total > 1 ? (
        <div className="pointer-events-none absolute inset-x-3 top-1/2 flex -translate-y-1/2 justify-between">
          <Button
            variant="secondary"
            size="icon"
            onClick={onPrev}
            disabled={!onPrev}
            aria-label="Previous image"
            aria-keyshortcuts="ArrowLeft"
            className="pointer-events-auto shadow-[var(--shadow-card)] disabled:opacity-30"
          >
            <ChevronLeft aria-hidden="true" className="size-5" />
          </Button>
          <Button
            variant="secondary"
            size="icon"
            onClick={onNext}
            disabled={!onNext}
            aria-label="Next image"
            aria-keyshortcuts="ArrowRight"
            className="pointer-events-auto shadow-[var(--shadow-card)] disabled:opacity-30"
          >
            <ChevronRight aria-hidden="true" className="size-5" />
          </Button>
        </div>
        ) : null}
        <p className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-surface/90 px-3 py-1 text-[12px] tabular-nums text-ink-soft shadow-[var(--shadow-card)]">
          {position} of {total}
        </p>
      </div>

      <aside
        className="flex min-h-0 w-full shrink-0 flex-col gap-6 overflow-y-auto border-t border-line p-6 lg:w-[340px] lg:border-l lg:border-t-0"
        aria-label="Image details"
      >
        <div className="pr-10">
          <p className="text-xs font-medium uppercase tracking-[0.2em] text-accent">Your vault</p>
          <h3 className="mt-1 font-display text-[28px] font-medium leading-tight text-ink" data-testid="viewer-title">
            {title}
          </h3>
        </div>

        {image ? (
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="viewer-facts">
            <dt className="text-muted">Size</dt>
            <dd className="text-ink tabular-nums" data-testid="viewer-dimensions">
              {image.width} × {image.height} px
            </dd>
            <dt className="text-muted">Added</dt>
            <dd className="text-ink">
              <time dateTime={image.createdAt}>{formatDateTime(image.createdAt)}</time>
            </dd>
            <dt className="text-muted">Kind</dt>
            <dd>
              <Badge tone={image.kind === "output" ? "accent" : "neutral"}>
                <span data-testid="viewer-kind">{kindLabels[image.kind]}</span>
              </Badge>
            </dd>
            <dt className="text-muted">Stored</dt>
            <dd className="text-ink">
              {image.format.toUpperCase()}, {formatBytes(image.bytes)}
            </dd>
          </dl>
        ) : loadError ? (
          <Alert tone="error" title={loadError.title} footnote={loadError.requestId ? `Reference: ${loadError.requestId}` : undefined}>
            {loadError.detail}
          </Alert>
        ) : (
          <div className="space-y-2.5" aria-hidden="true">
            <Skeleton className="h-4 w-44" />
            <Skeleton className="h-4 w-52" />
            <Skeleton className="h-4 w-32" />
          </div>
        )}

        {extra}

        <section aria-labelledby={`dl-${id}`}>
          <h4 id={`dl-${id}`} className="flex items-center gap-2 text-[13px] font-medium text-ink">
            <Download aria-hidden="true" className="size-3.5 text-muted" /> Download
          </h4>
          <div className="mt-2.5 grid grid-cols-3 gap-2">
            {downloadFormats.map((f) => (
              <Button
                key={f.format}
                variant="secondary"
                size="sm"
                title={f.note}
                loading={busy === f.format}
                disabled={!image || (busy !== null && busy !== f.format)}
                onClick={() => downloadFormat(f.format)}
                aria-label={`Download as ${f.label}`}
              >
                {f.label}
              </Button>
            ))}
          </div>
        </section>

        <section aria-labelledby={`mk-${id}`}>
          <h4 id={`mk-${id}`} className="flex items-center gap-2 text-[13px] font-medium text-ink">
            <Store aria-hidden="true" className="size-3.5 text-muted" /> Marketplace sizes
          </h4>
          <p className="mt-1 text-[12px] leading-snug text-muted">JPEG, the whole piece fitted on white.</p>
          <ul className="mt-2.5 space-y-1.5">
            {marketplaceSizes.map((size) => (
              <li key={size.id}>
                <button
                  type="button"
                  onClick={() => downloadMarketplace(size)}
                  disabled={!image || busy !== null}
                  aria-busy={busy === size.id || undefined}
                  aria-label={`Download for ${size.label}, ${size.width} × ${size.height} pixels`}
                  className="flex w-full items-center justify-between rounded-lg border border-line bg-surface px-3.5 py-2.5 text-left text-sm transition-colors hover:border-line-strong hover:bg-sunken disabled:cursor-not-allowed disabled:opacity-60"
                >
                  <span className="font-medium text-ink">{size.label}</span>
                  <span className="flex items-center gap-2 text-[12px] tabular-nums text-muted">
                    {size.width} × {size.height}
                    {busy === size.id ? <Skeleton className="size-3 rounded-full" /> : <Download aria-hidden="true" className="size-3.5" />}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>

        <LiveRegion className="empty:hidden">
          {notice ? (
            <Alert tone={notice.tone} title={notice.title} footnote={notice.requestId ? `Reference: ${notice.requestId}` : undefined}>
              {notice.file ? (
                <span className="block break-all font-mono text-[12px]" data-testid="download-name">
                  {notice.file}
                </span>
              ) : (
                notice.detail
              )}
            </Alert>
          ) : null}
        </LiveRegion>

        <div className="mt-auto border-t border-line pt-5">
          <Button ref={deleteButton} variant="ghost" size="sm" onClick={onDelete} disabled={!image} className="text-danger hover:bg-danger-soft hover:text-danger">
            <Trash2 aria-hidden="true" className="size-3.5" /> Delete image
          </Button>
        </div>
      </aside>
    </div>
  );
}
