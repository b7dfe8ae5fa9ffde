"use client";

import { ImageOff } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Skeleton } from "@/components/ui";
import { cn } from "@/lib/cn";
import { signedLinksFor, withWidth } from "@/lib/signed-links";

type State = { kind: "waiting" } | { kind: "src"; src: string; attempt: number } | { kind: "failed" };

/**
 * An image from the vault, through a short-lived signed link at the given width. Loads when it comes near the
 * viewport; when the link has expired (or any load error) it asks for a fresh one, twice, then offers a retry.
 */
export function SignedImage({
  imageId,
  width,
  alt,
  className,
  imgClassName,
  eager = false,
}: {
  imageId: string;
  /** Pixels the API should scale to (64–4096); pick about twice the CSS size. */
  width: number;
  alt: string;
  className?: string;
  imgClassName?: string;
  /** Load at once instead of when scrolled near. */
  eager?: boolean;
}) {
  const { api } = useAuth();
  const links = useMemo(() => signedLinksFor(api), [api]);
  const [state, setState] = useState<State>({ kind: "waiting" });
  const [visible, setVisible] = useState(eager);
  const [loaded, setLoaded] = useState(false);
  const box = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (visible || !box.current) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setVisible(true);
      },
      { rootMargin: "600px 0px" },
    );
    observer.observe(box.current);
    return () => observer.disconnect();
  }, [visible]);

  useEffect(() => {
    if (!visible) return;
    let live = true;
    setLoaded(false);
    links.get(imageId).then(
      (image) => live && setState({ kind: "src", src: withWidth(image.url, width), attempt: 0 }),
      () => live && setState({ kind: "failed" }),
    );
    return () => {
      live = false;
    };
  }, [visible, imageId, width, links]);

  function onError() {
    if (state.kind !== "src") return;
    if (state.attempt >= 2) return setState({ kind: "failed" });
    const attempt = state.attempt + 1;
    links.get(imageId, true).then(
      (image) => setState({ kind: "src", src: withWidth(image.url, width), attempt }),
      () => setState({ kind: "failed" }),
    );
  }

  return (
    <span ref={box} className={cn(className?.includes("absolute") ? null : "relative", "block overflow-hidden", className)}>
      {state.kind === "failed" ? (
        <span className="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-sunken p-3 text-center text-[12px] text-muted">
          <ImageOff aria-hidden="true" className="size-5" />
          <span>Couldn’t load this image</span>
        </span>
      ) : (
        <>
          {!loaded ? <Skeleton className="absolute inset-0 rounded-none" /> : null}
          {/* A plain <img>: next/image would proxy and cache these private, short-lived links. */}
          {state.kind === "src" ? (
            <img
              key={state.src}
              src={state.src}
              alt={alt}
              decoding="async"
              draggable={false}
              referrerPolicy="no-referrer"
              onLoad={() => setLoaded(true)}
              onError={onError}
              className={cn("block size-full transition-opacity duration-300", loaded ? "opacity-100" : "opacity-0", imgClassName)}
            />
          ) : null}
        </>
      )}
    </span>
  );
}
