"use client";

import { CheckCircle2, ImagePlus, UploadCloud, X } from "lucide-react";
import { useId, useState, type DragEvent, type ReactNode } from "react";
import { Button } from "@/components/ui";
import { cn } from "@/lib/cn";
import { formatBytes } from "@/lib/image-files";
import type { UploadItem } from "./use-uploads";

export const acceptedTypes = "image/png,image/jpeg,image/webp";

function hasFiles(e: DragEvent) {
  return [...e.dataTransfer.types].includes("Files");
}

/**
 * A drop area with a file picker (the native input, visually replaced: Tab reaches it, Enter or Space opens it).
 * Dropping anywhere on the area adds the files.
 */
export function UploadZone({
  onFiles,
  multiple = true,
  title = (
    <>
      <span className="hidden sm:inline">Drop photos of your pieces here</span>
      <span className="sm:hidden">Add photos of your pieces</span>
    </>
  ),
  hint = "PNG, JPEG or WebP, up to 25 MB each. Location and camera details are removed before anything is stored.",
  compact = false,
  disabled = false,
  inputLabel = "Choose images to upload",
}: {
  onFiles: (files: File[]) => void;
  multiple?: boolean;
  title?: ReactNode;
  hint?: ReactNode;
  compact?: boolean;
  disabled?: boolean;
  inputLabel?: string;
}) {
  const inputId = useId();
  const hintId = useId();
  const [over, setOver] = useState(false);

  return (
    <div
      onDragEnter={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
        setOver(false);
      }}
      onDrop={(e) => {
        if (disabled) return;
        e.preventDefault();
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length) onFiles(multiple ? files : files.slice(0, 1));
      }}
      data-testid="upload-zone"
      className={cn(
        "relative flex items-center gap-4 rounded-[var(--radius-card)] border border-dashed transition-colors duration-150",
        compact ? "px-4 py-4" : "flex-col px-6 py-9 text-center sm:flex-row sm:py-7 sm:text-left",
        over ? "border-accent bg-accent-soft" : "border-line-strong bg-surface/70 hover:border-ink/30",
        disabled && "opacity-60",
      )}
    >
      <div
        aria-hidden="true"
        className={cn(
          "flex shrink-0 items-center justify-center rounded-full bg-accent-soft text-accent",
          compact ? "size-10" : "size-12",
        )}
      >
        <UploadCloud className={compact ? "size-[18px]" : "size-5"} />
      </div>
      <div className="min-w-0 flex-1">
        <p className="text-sm font-medium text-ink">{over ? "Release to upload" : title}</p>
        <p id={hintId} className="mt-0.5 text-[13px] leading-snug text-muted">
          {hint}
        </p>
      </div>
      <div className="shrink-0">
        <input
          id={inputId}
          type="file"
          accept={acceptedTypes}
          multiple={multiple}
          disabled={disabled}
          aria-describedby={hintId}
          className="peer sr-only"
          onChange={(e) => {
            const files = e.target.files ? [...e.target.files] : [];
            e.target.value = "";
            if (files.length) onFiles(files);
          }}
        />
        <label
          htmlFor={inputId}
          className={cn(
            "inline-flex h-10 cursor-pointer items-center gap-2 rounded-full border border-line-strong bg-surface px-5 text-sm font-medium text-ink",
            "transition-colors hover:border-ink/40 hover:bg-sunken peer-focus-visible:outline-2 peer-focus-visible:outline-offset-3 peer-focus-visible:outline-accent",
            "peer-disabled:cursor-not-allowed",
          )}
        >
          <ImagePlus aria-hidden="true" className="size-4" />
          <span>{multiple ? "Choose files" : "Choose a photo"}</span>
          <span className="sr-only">: {inputLabel}</span>
        </label>
      </div>
    </div>
  );
}

/** One line per file: name, size, progress while sending, and what went wrong in plain words. */
export function UploadList({ items, onDismiss }: { items: UploadItem[]; onDismiss: (key: string) => void }) {
  if (items.length === 0) return null;
  return (
    <ul aria-label="Uploads" className="space-y-2" data-testid="upload-list">
      {items.map((item) => (
        <li
          key={item.key}
          className={cn(
            "flex items-start gap-3 rounded-xl border px-4 py-3 text-sm animate-fade-in",
            item.status === "failed" ? "border-danger/25 bg-danger-soft" : "border-line bg-surface",
          )}
        >
          <div className="min-w-0 flex-1">
            <div className="flex items-baseline justify-between gap-3">
              <p className="truncate font-medium text-ink" title={item.name}>
                {item.name}
              </p>
              <span className="shrink-0 text-[12px] tabular-nums text-muted">{formatBytes(item.size)}</span>
            </div>
            {item.status === "failed" && item.error ? (
              <div role="alert" className="mt-1 text-[13px] leading-snug">
                <p className="font-medium text-danger">{item.error.title}</p>
                <p className="text-ink-soft">{item.error.detail}</p>
                {item.error.requestId ? (
                  <p className="mt-1 font-mono text-[11px] text-muted">Reference: {item.error.requestId}</p>
                ) : null}
              </div>
            ) : item.status === "done" ? (
              <p className="mt-1 flex items-center gap-1.5 text-[13px] text-success" role="status">
                <CheckCircle2 aria-hidden="true" className="size-3.5" /> Uploaded and encrypted
              </p>
            ) : (
              <div className="mt-2 flex items-center gap-3">
                <progress
                  value={item.status === "checking" ? undefined : item.progress}
                  max={1}
                  aria-label={`Uploading ${item.name}`}
                  className="block h-1.5 flex-1 overflow-hidden rounded-full [&::-moz-progress-bar]:bg-accent [&::-webkit-progress-bar]:bg-sunken [&::-webkit-progress-value]:rounded-full [&::-webkit-progress-value]:bg-accent"
                />
                <span className="w-16 shrink-0 text-right text-[12px] tabular-nums text-muted">
                  {item.status === "checking" ? "Checking…" : item.progress >= 1 ? "Encrypting…" : `${Math.round(item.progress * 100)} %`}
                </span>
              </div>
            )}
          </div>
          <Button
            variant="ghost"
            size="icon-sm"
            className="-mr-2 -mt-1"
            onClick={() => onDismiss(item.key)}
            aria-label={item.status === "uploading" || item.status === "checking" ? `Cancel upload of ${item.name}` : `Dismiss ${item.name}`}
          >
            <X aria-hidden="true" className="size-4" />
          </Button>
        </li>
      ))}
    </ul>
  );
}
