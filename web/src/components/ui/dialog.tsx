"use client";

import { X } from "lucide-react";
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { cn } from "@/lib/cn";
import { Button } from "./button";

const focusable =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(focusable)].filter((el) => !el.closest("[inert]") && el.getClientRects().length > 0);
}

export interface DialogProps {
  open: boolean;
  /** Esc, the close button and a click on the backdrop all call this; the parent decides. */
  onClose: () => void;
  title: ReactNode;
  /** Visually hidden title (still announced). */
  hideTitle?: boolean;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
  /** Where focus goes on open; default: the first element with data-autofocus, else the first focusable one. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Where focus goes on close when the element that opened the dialog is gone (e.g. a deleted image's tile). */
  returnFocus?: () => HTMLElement | null;
  onKeyDown?: (e: KeyboardEvent<HTMLDialogElement>) => void;
  size?: "sm" | "lg" | "full";
  /** Hides the corner close button (the dialog provides its own way out). */
  hideClose?: boolean;
}

const sizes = {
  sm: "w-[min(440px,calc(100vw-2rem))]",
  lg: "w-[min(720px,calc(100vw-2rem))]",
  full: "w-[min(1200px,calc(100vw-1.5rem))] h-[min(880px,calc(100dvh-1.5rem))]",
};

/**
 * A modal dialog on the native <dialog> (top layer, the page behind it inert, no injected styles — our CSP allows
 * none). Focus moves in on open, Tab and Shift+Tab cycle inside, Esc closes, and focus returns to where it was.
 */
export function Dialog({
  open,
  onClose,
  title,
  hideTitle,
  description,
  children,
  className,
  initialFocus,
  returnFocus,
  onKeyDown,
  size = "sm",
  hideClose,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  const returnFocusRef = useRef(returnFocus);
  useEffect(() => {
    onCloseRef.current = onClose;
    returnFocusRef.current = returnFocus;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      document.documentElement.dataset.dialogOpen = "";
      const target =
        initialFocus?.current ?? dialog.querySelector<HTMLElement>("[data-autofocus]") ?? tabbables(dialog)[0] ?? dialog;
      target.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open, initialFocus]);

  // Closing (by state, or by unmounting while open): unlock scrolling and give focus back.
  useEffect(() => {
    if (!open) return;
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
      if (!document.querySelector("dialog[open]")) delete document.documentElement.dataset.dialogOpen;
      const back = opener.current?.isConnected ? opener.current : returnFocusRef.current?.();
      // After React has finished this commit (the opener may re-render).
      queueMicrotask(() => back?.focus({ preventScroll: false }));
    };
  }, [open]);

  function handleKeyDown(e: KeyboardEvent<HTMLDialogElement>) {
    onKeyDown?.(e);
    if (e.defaultPrevented) return;
    if (e.key === "Tab" && ref.current) {
      const list = tabbables(ref.current);
      if (list.length === 0) {
        e.preventDefault();
        return;
      }
      const first = list[0]!;
      const last = list[list.length - 1]!;
      const active = document.activeElement;
      if (e.shiftKey && (active === first || active === ref.current)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first.focus();
      }
    }
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      onCancel={(e) => {
        // Esc: let the parent decide (it owns `open`).
        e.preventDefault();
        onCloseRef.current();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onCloseRef.current();
      }}
      onKeyDown={handleKeyDown}
      className={cn(
        "m-auto max-h-[calc(100dvh-1.5rem)] overflow-visible rounded-[var(--radius-card)] border border-line bg-surface p-0 text-ink",
        "shadow-[var(--shadow-pop)] backdrop:bg-ink/45 backdrop:backdrop-blur-[2px] open:animate-fade-in",
        sizes[size],
        className,
      )}
    >
      {open ? (
        <div className={cn("relative flex h-full max-h-[inherit] flex-col", size === "full" ? "" : "p-6 sm:p-7")}>
          <div className={cn(hideTitle ? "sr-only" : "pr-10")}>
            <h2 id={titleId} className="font-display text-[26px] font-medium leading-tight text-ink">
              {title}
            </h2>
            {description ? (
              <div id={descId} className="mt-2 text-sm leading-relaxed text-ink-soft">
                {description}
              </div>
            ) : null}
          </div>
          {hideClose ? null : (
            <Button
              variant="ghost"
              size="icon"
              onClick={() => onCloseRef.current()}
              aria-label="Close"
              className={cn("absolute z-10", size === "full" ? "right-3 top-3" : "right-4 top-4")}
            >
              <X aria-hidden="true" className="size-4" />
            </Button>
          )}
          {children}
        </div>
      ) : null}
    </dialog>
  );
}

/** A short confirmation: what will happen, and two buttons. Focus starts on the safe choice. */
export function ConfirmDialog({
  open,
  title,
  description,
  confirmLabel,
  busyLabel,
  busy,
  tone = "danger",
  onConfirm,
  onCancel,
  error,
  returnFocus,
}: {
  open: boolean;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  busyLabel?: string;
  busy?: boolean;
  tone?: "danger" | "primary";
  onConfirm: () => void;
  onCancel: () => void;
  error?: ReactNode;
  returnFocus?: () => HTMLElement | null;
}) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      open={open}
      onClose={() => (busy ? undefined : onCancel())}
      title={title}
      description={description}
      initialFocus={cancelRef}
      returnFocus={returnFocus}
      hideClose
    >
      {error ? <div className="mt-4">{error}</div> : null}
      <div className="mt-7 flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <Button ref={cancelRef} variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
        <Button variant={tone} onClick={() => (busy ? undefined : onConfirm())} loading={busy} loadingText={busyLabel}>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
