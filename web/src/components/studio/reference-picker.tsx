"use client";

import type { ImageRecord } from "@bez/contracts";
import { useCallback, useEffect, useId, useState } from "react";
import { SignedImage } from "@/components/gallery/signed-image";
import { UploadList, UploadZone } from "@/components/gallery/upload-zone";
import { useUploads } from "@/components/gallery/use-uploads";
import { useAuth } from "@/components/providers/auth-provider";
import { FieldError, Skeleton } from "@/components/ui";
import { cn } from "@/lib/cn";

/**
 * The photo of the real piece for reference presets: one of the latest uploads, or a new one (the gallery's
 * uploader, so the same checks, progress and errors). A fresh upload is chosen automatically.
 */
export function ReferencePicker({
  value,
  onChange,
  error,
  disabled,
}: {
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  disabled?: boolean;
}) {
  const { api } = useAuth();
  const name = useId();
  const [uploads, setUploads] = useState<ImageRecord[] | null>(null);

  useEffect(() => {
    let live = true;
    api.listImages({ kind: "upload", limit: 8 }).then(
      (page) => live && setUploads(page.items),
      () => live && setUploads([]),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const onUploaded = useCallback(
    (record: ImageRecord) => {
      setUploads((list) => [record, ...(list ?? []).filter((r) => r.id !== record.id)].slice(0, 8));
      onChange(record.id);
    },
    [onChange],
  );
  const uploader = useUploads(onUploaded);

  return (
    <fieldset disabled={disabled} aria-describedby={error ? `${name}-error` : undefined}>
      <legend className="mb-1 text-[13px] font-medium text-ink">Photo of your piece</legend>
      <p className="mb-3 text-[13px] leading-snug text-muted">
        The piece itself is kept exactly as photographed; only its surroundings change. A clear, well-lit photo works best.
      </p>
      {uploads === null ? (
        <div className="mb-3 flex gap-2" aria-hidden="true">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="size-20 rounded-lg" />
          ))}
        </div>
      ) : uploads.length > 0 ? (
        <div className="mb-3 flex flex-wrap gap-2" data-testid="reference-choices">
          {uploads.map((image, i) => {
            const id = `${name}-${image.id}`;
            return (
              <div key={image.id} className="relative">
                <input
                  type="radio"
                  id={id}
                  name={name}
                  checked={value === image.id}
                  onChange={() => onChange(image.id)}
                  className="peer absolute inset-0 z-10 size-full cursor-pointer opacity-0 disabled:cursor-not-allowed"
                />
                <label
                  htmlFor={id}
                  className={cn(
                    "block cursor-pointer overflow-hidden rounded-lg border-2 transition-colors",
                    "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent",
                    value === image.id ? "border-ink" : "border-transparent hover:border-line-strong",
                  )}
                >
                  <SignedImage imageId={image.id} width={160} alt={`Upload ${i + 1}, ${image.width} × ${image.height}`} className="size-20 bg-sunken" imgClassName="object-cover" />
                </label>
              </div>
            );
          })}
        </div>
      ) : null}
      <UploadZone
        compact
        multiple={false}
        disabled={disabled}
        onFiles={uploader.add}
        title={uploads && uploads.length > 0 ? "Or add a new photo" : "Add a photo of your piece"}
        hint="PNG, JPEG or WebP, up to 25 MB. Stored encrypted in your gallery."
        inputLabel="Choose a photo of your piece"
      />
      {uploader.items.length ? (
        <div className="mt-2">
          <UploadList items={uploader.items} onDismiss={uploader.dismiss} />
        </div>
      ) : null}
      {error ? <FieldError id={`${name}-error`}>{error}</FieldError> : null}
    </fieldset>
  );
}
