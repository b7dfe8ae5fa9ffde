"use client";

import type { ImageKind, ImageRecord } from "@bez/contracts";
import { ImageIcon, RefreshCw, Sparkles } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Badge, Button, buttonClasses, LiveRegion, Skeleton, Spinner } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { formatDate } from "@/lib/format";
import { ImageViewer, kindLabels } from "./image-viewer";
import { SignedImage } from "./signed-image";
import { UploadList, UploadZone } from "./upload-zone";
import { useUploads } from "./use-uploads";

type Filter = "all" | ImageKind;

const filters: { value: Filter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "upload", label: "Uploads" },
  { value: "output", label: "Generated" },
];

const PAGE = 24;

interface ListState {
  items: ImageRecord[];
  nextCursor: string | null;
  status: "loading" | "ready" | "more" | "error";
  error: ApiError | null;
}

const initial: ListState = { items: [], nextCursor: null, status: "loading", error: null };

/** The gallery: every image in the vault, newest first, with uploads, filters, a viewer and downloads. */
export function Gallery() {
  const { api } = useAuth();
  const [filter, setFilter] = useState<Filter>("all");
  const [list, setList] = useState<ListState>(initial);
  const [viewing, setViewing] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const request = useRef(0);
  const grid = useRef<HTMLUListElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);

  const load = useCallback(
    async (cursor: string | null) => {
      const ticket = ++request.current;
      setList((l) => (cursor ? { ...l, status: "more", error: null } : { ...initial }));
      try {
        const page = await api.listImages({ kind: filter === "all" ? undefined : filter, cursor, limit: PAGE });
        if (ticket !== request.current) return;
        setList((l) => {
          const seen = new Set(cursor ? l.items.map((i) => i.id) : []);
          const items = cursor ? [...l.items, ...page.items.filter((i) => !seen.has(i.id))] : page.items;
          return { items, nextCursor: page.nextCursor, status: "ready", error: null };
        });
      } catch (err) {
        if (ticket !== request.current) return;
        setList((l) => ({ ...l, status: "error", error: asApiError(err) }));
      }
    },
    [api, filter],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  // Infinite scroll: load the next page as the end of the grid comes into view.
  const canLoadMore = list.status === "ready" && list.nextCursor !== null;
  useEffect(() => {
    if (!canLoadMore || !sentinel.current) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) void load(list.nextCursor);
      },
      { rootMargin: "800px 0px" },
    );
    observer.observe(sentinel.current);
    return () => observer.disconnect();
  }, [canLoadMore, list.nextCursor, load]);

  const uploads = useUploads((record) => {
    if (filter === "output") return;
    setList((l) => (l.items.some((i) => i.id === record.id) ? l : { ...l, items: [record, ...l.items] }));
  });

  function onDeleted(id: string) {
    const at = list.items.findIndex((i) => i.id === id);
    const items = list.items.filter((i) => i.id !== id);
    setList((l) => ({ ...l, items: l.items.filter((i) => i.id !== id) }));
    setAnnouncement("Image deleted.");
    if (items.length === 0) setViewing(null);
    else setViewing(Math.min(Math.max(at, 0), items.length - 1));
  }

  /** Where focus goes when the viewer closes and its tile is gone: the tile now in that place, else the heading. */
  function fallbackFocus(): HTMLElement | null {
    const tiles = grid.current?.querySelectorAll<HTMLElement>("[data-tile]");
    if (tiles && tiles.length) return tiles[Math.min(viewing ?? 0, tiles.length - 1)] ?? null;
    return document.getElementById("gallery-heading");
  }

  const ids = list.items.map((i) => i.id);
  const empty = list.status === "ready" && list.items.length === 0;

  return (
    <div className="mx-auto w-full max-w-6xl px-5 pb-24 pt-12 sm:px-8 sm:pt-16">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">Your vault</p>
          <h1 id="gallery-heading" tabIndex={-1} className="mt-2 font-display text-[42px] font-medium leading-tight text-ink sm:text-5xl">
            Gallery
          </h1>
          <p className="mt-1 max-w-xl text-ink-soft">
            Your photos and generated images, encrypted with your own key. Only you can open them.
          </p>
        </div>
        <Link href="/studio" className={buttonClasses("primary", "md", "self-start sm:self-auto")}>
          <Sparkles aria-hidden="true" className="size-4" /> Create images
        </Link>
      </header>

      <div className="mt-8 space-y-3">
        <UploadZone onFiles={uploads.add} />
        <UploadList items={uploads.items} onDismiss={uploads.dismiss} />
      </div>

      <div className="mt-10 flex flex-wrap items-center justify-between gap-3">
        <div role="group" aria-label="Show" className="inline-flex rounded-full border border-line bg-surface p-1">
          {filters.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={filter === f.value}
              onClick={() => {
                if (filter === f.value) return;
                setViewing(null);
                setFilter(f.value);
              }}
              className={cn(
                "h-8 rounded-full px-4 text-[13px] font-medium transition-colors",
                filter === f.value ? "bg-ink text-canvas" : "text-ink-soft hover:bg-sunken hover:text-ink",
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
        <p className="text-[13px] text-muted" aria-live="polite">
          {list.status === "loading" ? "Loading…" : `${list.items.length}${list.nextCursor ? "+" : ""} image${list.items.length === 1 ? "" : "s"}`}
        </p>
      </div>

      <LiveRegion className="sr-only">{announcement}</LiveRegion>

      {list.status === "error" && list.items.length === 0 && list.error ? (
        <div className="mt-6">
          <Alert
            tone="error"
            role="alert"
            title={list.error.title}
            footnote={list.error.requestId ? `Reference for support: ${list.error.requestId}` : undefined}
            action={
              <Button size="sm" variant="secondary" onClick={() => void load(null)}>
                <RefreshCw aria-hidden="true" className="size-3.5" /> Try again
              </Button>
            }
          >
            {list.error.detail}
          </Alert>
        </div>
      ) : list.status === "loading" ? (
        <ul className="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4" aria-hidden="true">
          {Array.from({ length: 8 }, (_, i) => (
            <li key={i}>
              <Skeleton className="aspect-square w-full rounded-xl" />
            </li>
          ))}
        </ul>
      ) : empty ? (
        <EmptyState filter={filter} />
      ) : (
        <>
          <ul ref={grid} className="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4" aria-label="Images" data-testid="gallery-grid">
            {list.items.map((image, i) => (
              <li key={image.id}>
                <Tile image={image} onOpen={() => setViewing(i)} />
              </li>
            ))}
          </ul>
          <div ref={sentinel} className="mt-8 flex justify-center">
            {list.status === "more" ? (
              <p className="flex items-center gap-2 text-sm text-muted" role="status">
                <Spinner /> Loading more…
              </p>
            ) : list.status === "error" && list.error ? (
              <Alert tone="error" title={list.error.title} action={<Button size="sm" variant="secondary" onClick={() => void load(list.nextCursor)}>Try again</Button>}>
                {list.error.detail}
              </Alert>
            ) : list.nextCursor ? (
              <Button variant="secondary" onClick={() => void load(list.nextCursor)}>
                Show more
              </Button>
            ) : list.items.length > PAGE ? (
              <p className="text-[13px] text-muted">That’s everything.</p>
            ) : null}
          </div>
        </>
      )}

      <ImageViewer
        ids={ids}
        index={viewing}
        onIndexChange={setViewing}
        onClose={() => setViewing(null)}
        onDeleted={onDeleted}
        returnFocus={fallbackFocus}
      />
    </div>
  );
}

function Tile({ image, onOpen }: { image: ImageRecord; onOpen: () => void }) {
  const kind = image.kind === "output" ? "Generated image" : "Uploaded photo";
  return (
    <button
      type="button"
      data-tile
      data-image-id={image.id}
      onClick={onOpen}
      aria-label={`${kind}, ${image.width} × ${image.height}, ${formatDate(image.createdAt)}`}
      className="group relative block w-full overflow-hidden rounded-xl border border-line bg-surface text-left shadow-[var(--shadow-card)] transition-[border-color,box-shadow] hover:border-line-strong hover:shadow-[var(--shadow-pop)] focus-visible:outline-offset-2"
    >
      <SignedImage
        imageId={image.id}
        width={512}
        alt=""
        className="aspect-square w-full bg-[#f7f5f1]"
        imgClassName="object-contain p-2 transition-transform duration-300 group-hover:scale-[1.02]"
      />
      <span className="pointer-events-none absolute left-2 top-2">
        <Badge tone={image.kind === "output" ? "accent" : "neutral"} className="bg-surface/90 backdrop-blur-sm">
          {kindLabels[image.kind]}
        </Badge>
      </span>
    </button>
  );
}

function EmptyState({ filter }: { filter: Filter }) {
  const words = {
    all: {
      title: "Your gallery is empty",
      body: "Create your first product images in the studio, or drop a photo of a piece above to keep it here, encrypted.",
    },
    upload: { title: "No uploads yet", body: "Drop photos of your pieces above. They make great references for the studio’s photo presets." },
    output: { title: "No generated images yet", body: "Describe a piece in the studio and your images will appear here." },
  }[filter];
  return (
    <div className="mt-6 flex flex-col items-center rounded-[var(--radius-card)] border border-line bg-surface px-6 py-16 text-center" data-testid="gallery-empty">
      <div aria-hidden="true" className="flex size-14 items-center justify-center rounded-full bg-accent-soft text-accent">
        <ImageIcon className="size-6" />
      </div>
      <h2 className="mt-5 font-display text-3xl font-medium text-ink">{words.title}</h2>
      <p className="mt-2 max-w-md text-sm leading-relaxed text-ink-soft">{words.body}</p>
      {filter !== "upload" ? (
        <Link href="/studio" className={buttonClasses("primary", "md", "mt-6")}>
          <Sparkles aria-hidden="true" className="size-4" /> Open the studio
        </Link>
      ) : null}
    </div>
  );
}
