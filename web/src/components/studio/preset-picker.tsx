"use client";

import type { Preset, PresetId } from "@bez/contracts";
import { Camera, Store } from "lucide-react";
import { useId } from "react";
import { cn } from "@/lib/cn";

/**
 * The presets as a radio group of picture cards (native radios: arrow keys move the choice, Tab leaves the
 * group). Each shows an example drawn by the local renderer (web/public/presets, see web/scripts).
 */
export function PresetPicker({
  presets,
  value,
  onChange,
  disabled,
}: {
  presets: Preset[];
  value: PresetId | null;
  onChange: (id: PresetId) => void;
  disabled?: boolean;
}) {
  const name = useId();
  const selected = presets.find((p) => p.id === value);
  return (
    <fieldset disabled={disabled}>
      <legend className="mb-2 text-[13px] font-medium text-ink">Style</legend>
      <div className="grid grid-cols-3 gap-2.5 sm:grid-cols-5 lg:grid-cols-5" data-testid="preset-picker">
        {presets.map((preset) => {
          const id = `${name}-${preset.id}`;
          const checked = preset.id === value;
          return (
            <div key={preset.id} className="relative">
              <input
                type="radio"
                id={id}
                name={name}
                value={preset.id}
                checked={checked}
                onChange={() => onChange(preset.id)}
                aria-describedby={`${id}-desc`}
                className="peer absolute inset-0 z-10 size-full cursor-pointer opacity-0 disabled:cursor-not-allowed"
              />
              <label
                htmlFor={id}
                className={cn(
                  "group flex h-full cursor-pointer flex-col overflow-hidden rounded-xl border bg-surface text-left transition-[border-color,box-shadow]",
                  "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent",
                  checked ? "border-ink shadow-[0_0_0_1px_var(--color-ink)]" : "border-line hover:border-line-strong",
                )}
              >
                <span className="relative block aspect-square overflow-hidden bg-sunken">
                  {/* Static examples drawn by the offline renderer: nothing external, nothing real. */}
                  <img
                    src={`/presets/${preset.id}.webp`}
                    alt=""
                    width={160}
                    height={160}
                    loading="lazy"
                    decoding="async"
                    className="size-full object-cover transition-transform duration-300 group-hover:scale-[1.03]"
                  />
                  {preset.needsReference ? (
                    <span className="absolute left-1.5 top-1.5 inline-flex items-center gap-1 rounded-full bg-surface/90 px-1.5 py-0.5 text-[10px] font-medium text-ink-soft backdrop-blur-sm">
                      <Camera aria-hidden="true" className="size-2.5" /> Your photo
                    </span>
                  ) : preset.marketplaceCheck ? (
                    <span className="absolute left-1.5 top-1.5 inline-flex items-center gap-1 rounded-full bg-surface/90 px-1.5 py-0.5 text-[10px] font-medium text-ink-soft backdrop-blur-sm">
                      <Store aria-hidden="true" className="size-2.5" /> Marketplace
                    </span>
                  ) : null}
                </span>
                <span className="block px-2.5 py-2 text-[12.5px] font-medium leading-snug text-ink">{preset.title}</span>
              </label>
              <span id={`${id}-desc`} className="sr-only">
                {preset.description}
                {preset.needsReference ? " Needs a photo of your piece." : ""}
              </span>
            </div>
          );
        })}
      </div>
      {selected ? (
        <p className="mt-2.5 text-[13px] leading-snug text-muted" aria-live="polite">
          <span className="font-medium text-ink-soft">{selected.title}:</span> {selected.description}
        </p>
      ) : null}
    </fieldset>
  );
}
