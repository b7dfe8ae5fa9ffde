"use client";

import "@/lib/zod-setup";
import {
  CreateGenerationRequest,
  promptLimits,
  type AspectRatio,
  type GenerationAccepted,
  type Preset,
  type PresetId,
} from "@bez/contracts";
import { ChevronDown, Sparkles } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, FieldError, FieldHint, LiveRegion } from "@/components/ui";
import { inputClasses } from "@/components/ui/input";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { formatNumber } from "@/lib/format";
import { PresetPicker } from "./preset-picker";
import { ReferencePicker } from "./reference-picker";

export interface FormValues {
  preset: PresetId;
  prompt: string;
  aspectRatio: AspectRatio;
  count: number;
  referenceImageId: string | null;
  seed: string;
}

const ratioLabels: Record<AspectRatio, { label: string; w: number; h: number }> = {
  "1:1": { label: "Square", w: 14, h: 14 },
  "4:5": { label: "Portrait 4:5", w: 12, h: 15 },
  "3:4": { label: "Portrait 3:4", w: 12, h: 16 },
  "16:9": { label: "Wide 16:9", w: 18, h: 10 },
  "9:16": { label: "Tall 9:16", w: 10, h: 18 },
};

const seedMax = 2_147_483_647;

type Errors = Partial<Record<"prompt" | "referenceImageId" | "seed" | "aspectRatio", string>>;

export function GenerateForm({
  presets,
  left,
  restricted,
  prefill,
  onStarted,
}: {
  presets: Preset[];
  /** Images left today (null: unknown). */
  left: number | null;
  restricted: boolean;
  /** Set to load these settings (e.g. "Try again" on a failed generation); `key` changes each time. */
  prefill: { key: number; values: FormValues } | null;
  onStarted: (accepted: GenerationAccepted, request: CreateGenerationRequest) => void;
}) {
  const { api } = useAuth();
  const promptId = useId();
  const seedId = useId();
  const [values, setValues] = useState<FormValues>(() => ({
    preset: presets[0]?.id ?? "packshot-white",
    prompt: "",
    aspectRatio: "1:1",
    count: 1,
    referenceImageId: null,
    seed: "",
  }));
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const promptRef = useRef<HTMLTextAreaElement>(null);
  const seedRef = useRef<HTMLInputElement>(null);
  const advancedRef = useRef<HTMLDetailsElement>(null);
  /** Reused while the same request is retried (e.g. after a network error), so it never starts twice. */
  const idempotency = useRef<{ body: string; key: string } | null>(null);

  useEffect(() => {
    if (!prefill) return;
    setValues(prefill.values);
    setErrors({});
    setFailure(null);
    if (prefill.values.seed && advancedRef.current) advancedRef.current.open = true;
    promptRef.current?.focus();
  }, [prefill]);

  const preset = presets.find((p) => p.id === values.preset) ?? presets[0];
  const ratios = preset?.aspectRatios ?? ["1:1"];
  const length = values.prompt.trim().length;
  const over = values.prompt.length > promptLimits.max;

  function set<K extends keyof FormValues>(key: K, value: FormValues[K]) {
    setValues((v) => ({ ...v, [key]: value }));
    if (key in errors) setErrors((e) => ({ ...e, [key]: undefined }));
  }

  function choosePreset(id: PresetId) {
    const next = presets.find((p) => p.id === id);
    setValues((v) => ({
      ...v,
      preset: id,
      aspectRatio: next && !next.aspectRatios.includes(v.aspectRatio) ? (next.aspectRatios[0] ?? "1:1") : v.aspectRatio,
    }));
    setErrors((e) => ({ ...e, referenceImageId: undefined, aspectRatio: undefined }));
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy || !preset) return;
    const found: Errors = {};
    if (length === 0) found.prompt = preset.needsReference ? "Describe the scene you’d like around your piece." : "Describe the piece you’d like to see.";
    else if (over) found.prompt = `Please shorten the description by ${formatNumber(values.prompt.length - promptLimits.max)} character${values.prompt.length - promptLimits.max === 1 ? "" : "s"}.`;
    if (preset.needsReference && !values.referenceImageId) found.referenceImageId = "Choose or add a photo of your piece.";
    const seedText = values.seed.trim();
    const seed = seedText === "" ? undefined : Number(seedText);
    if (seed !== undefined && (!/^\d+$/.test(seedText) || seed > seedMax)) found.seed = `A whole number from 0 to ${formatNumber(seedMax)}, or leave it empty.`;
    setErrors(found);
    if (found.prompt) return promptRef.current?.focus();
    if (found.referenceImageId) return document.getElementById("reference-section")?.querySelector<HTMLElement>("input")?.focus();
    if (found.seed) {
      if (advancedRef.current) advancedRef.current.open = true;
      return seedRef.current?.focus();
    }

    const parsed = CreateGenerationRequest.safeParse({
      preset: preset.id,
      prompt: values.prompt,
      aspectRatio: values.aspectRatio,
      count: values.count,
      ...(preset.needsReference && values.referenceImageId ? { referenceImageId: values.referenceImageId } : {}),
      ...(seed !== undefined ? { seed } : {}),
    });
    if (!parsed.success) {
      setErrors({ prompt: parsed.error.issues[0]?.message });
      return promptRef.current?.focus();
    }
    const body = JSON.stringify(parsed.data);
    if (idempotency.current?.body !== body) idempotency.current = { body, key: crypto.randomUUID() };

    setBusy(true);
    setFailure(null);
    try {
      const accepted = await api.createGeneration(parsed.data, idempotency.current.key);
      idempotency.current = null;
      onStarted(accepted, parsed.data);
    } catch (err) {
      const apiError = asApiError(err);
      const fields: Errors = {};
      for (const path of ["prompt", "referenceImageId", "seed", "aspectRatio"] as const) {
        const message = apiError.fieldError(path);
        if (message) fields[path] = message;
      }
      // A rejected request will not be replayed: the next attempt gets a new key.
      if (apiError.kind === "problem" && apiError.status !== null && apiError.status < 500) idempotency.current = null;
      if (Object.keys(fields).length) {
        setErrors(fields);
        if (fields.prompt) promptRef.current?.focus();
      } else {
        setFailure(apiError);
      }
    } finally {
      setBusy(false);
    }
  }

  const counterId = `${promptId}-count`;
  const errorId = `${promptId}-error`;
  const cost = values.count;
  const notEnough = left !== null && left < cost;

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Create images" className="space-y-7">
      <PresetPicker presets={presets} value={values.preset} onChange={choosePreset} disabled={busy} />

      {preset?.needsReference ? (
        <div id="reference-section">
          <ReferencePicker
            value={values.referenceImageId}
            onChange={(id) => set("referenceImageId", id)}
            error={errors.referenceImageId}
            disabled={busy}
          />
        </div>
      ) : null}

      <div>
        <div className="mb-1.5 flex items-baseline justify-between gap-3">
          <label htmlFor={promptId} className="text-[13px] font-medium text-ink">
            {preset?.needsReference ? "Describe the scene" : "Describe the piece"}
          </label>
          <span
            id={counterId}
            className={cn("text-[12px] tabular-nums", over ? "font-medium text-danger" : values.prompt.length > promptLimits.max * 0.9 ? "text-warning" : "text-muted")}
            aria-live={over ? "polite" : "off"}
            data-testid="prompt-count"
          >
            {formatNumber(values.prompt.length)} / {formatNumber(promptLimits.max)}
            <span className="sr-only"> characters</span>
          </span>
        </div>
        <textarea
          ref={promptRef}
          id={promptId}
          name="prompt"
          rows={4}
          value={values.prompt}
          onChange={(e) => set("prompt", e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          aria-invalid={errors.prompt || over ? true : undefined}
          aria-describedby={[counterId, errors.prompt ? errorId : `${promptId}-hint`].join(" ")}
          placeholder={
            preset?.needsReference
              ? "On polished white marble in soft morning window light"
              : "18k yellow gold solitaire ring with a round brilliant diamond, six prongs"
          }
          className={cn(inputClasses, "min-h-28 resize-y py-3 leading-relaxed")}
        />
        {errors.prompt ? (
          <FieldError id={errorId}>{errors.prompt}</FieldError>
        ) : (
          <FieldHint id={`${promptId}-hint`}>
            {preset?.needsReference
              ? "Where should your piece be? Surface, light, mood."
              : "Metal, stones, cut and setting. Bez adds the lighting and background of the style."}{" "}
            <span className="hidden sm:inline">Ctrl + Enter generates.</span>
          </FieldHint>
        )}
      </div>

      <div className="grid gap-6 sm:grid-cols-[minmax(0,1fr)_auto]">
        <fieldset disabled={busy}>
          <legend className="mb-2 text-[13px] font-medium text-ink">Shape</legend>
          <div className="flex flex-wrap gap-2" data-testid="aspect-ratios">
            {ratios.map((ratio) => (
              <Choice key={ratio} name="aspectRatio" checked={values.aspectRatio === ratio} onChange={() => set("aspectRatio", ratio)} label={ratioLabels[ratio].label}>
                <span aria-hidden="true" className="flex size-[18px] items-center justify-center">
                  <span className={cn("block rounded-[2px] border-[1.5px] border-current", ratioClass[ratio])} />
                </span>
                {ratio}
              </Choice>
            ))}
          </div>
          {errors.aspectRatio ? <FieldError id={`${promptId}-ar`}>{errors.aspectRatio}</FieldError> : null}
        </fieldset>
        <fieldset disabled={busy}>
          <legend className="mb-2 text-[13px] font-medium text-ink">Images</legend>
          <div className="flex gap-2" data-testid="counts">
            {[1, 2, 3, 4].map((n) => (
              <Choice key={n} name="count" checked={values.count === n} onChange={() => set("count", n)} label={`${n} image${n === 1 ? "" : "s"}`} square>
                {n}
              </Choice>
            ))}
          </div>
        </fieldset>
      </div>

      <details ref={advancedRef} className="group rounded-xl border border-line bg-canvas/60 px-4 py-3 open:pb-4">
        <summary className="flex cursor-pointer list-none items-center justify-between text-[13px] font-medium text-ink-soft hover:text-ink [&::-webkit-details-marker]:hidden">
          Advanced
          <ChevronDown aria-hidden="true" className="size-4 transition-transform group-open:rotate-180" />
        </summary>
        <div className="mt-3 max-w-xs">
          <label htmlFor={seedId} className="mb-1.5 block text-[13px] font-medium text-ink">
            Seed <span className="font-normal text-muted">(optional)</span>
          </label>
          <input
            ref={seedRef}
            id={seedId}
            inputMode="numeric"
            autoComplete="off"
            value={values.seed}
            onChange={(e) => set("seed", e.target.value)}
            aria-invalid={errors.seed ? true : undefined}
            aria-describedby={errors.seed ? `${seedId}-error` : `${seedId}-hint`}
            placeholder="Random"
            className={cn(inputClasses, "h-10 text-sm tabular-nums")}
          />
          {errors.seed ? (
            <FieldError id={`${seedId}-error`}>{errors.seed}</FieldError>
          ) : (
            <FieldHint id={`${seedId}-hint`}>The same seed and description make the same picture again.</FieldHint>
          )}
        </div>
      </details>

      <LiveRegion assertive className="empty:hidden">
        {failure ? (
          <Alert tone="error" role="alert" title={failure.title} footnote={failure.requestId ? `Reference: ${failure.requestId}` : undefined}>
            {failure.detail}
          </Alert>
        ) : null}
      </LiveRegion>

      {restricted ? (
        <Alert tone="warning" title="Processing is paused on your account">
          You asked us to restrict processing, so new images are off. You can still view, download and delete your images.
        </Alert>
      ) : null}

      <div className="flex flex-col gap-3 border-t border-line pt-6 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-[13px] text-muted" data-testid="generate-cost">
          {left === null
            ? `Uses ${cost} of today’s images.`
            : notEnough
              ? `Only ${formatNumber(left)} image${left === 1 ? "" : "s"} left today.`
              : `Uses ${cost} of the ${formatNumber(left)} images left today.`}
        </p>
        <Button type="submit" size="lg" loading={busy} loadingText="Starting…" disabled={restricted} className="sm:min-w-52">
          <Sparkles aria-hidden="true" className="size-4" /> Generate {values.count === 1 ? "image" : `${values.count} images`}
        </Button>
      </div>
    </form>
  );
}

const ratioClass: Record<AspectRatio, string> = {
  "1:1": "size-3.5",
  "4:5": "h-[15px] w-3",
  "3:4": "h-4 w-3",
  "16:9": "h-2.5 w-[18px]",
  "9:16": "h-[18px] w-2.5",
};

/** A segmented-control option: a native radio (arrow keys work) under a pill. */
function Choice({
  name,
  checked,
  onChange,
  label,
  square,
  children,
}: {
  name: string;
  checked: boolean;
  onChange: () => void;
  label: string;
  square?: boolean;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <span className="relative inline-flex">
      <input type="radio" id={id} name={name} checked={checked} onChange={onChange} aria-label={label} className="peer absolute inset-0 z-10 size-full cursor-pointer opacity-0 disabled:cursor-not-allowed" />
      <label
        htmlFor={id}
        className={cn(
          "inline-flex h-10 cursor-pointer items-center justify-center gap-2 rounded-full border text-sm font-medium tabular-nums transition-colors",
          "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-accent peer-disabled:cursor-not-allowed peer-disabled:opacity-60",
          square ? "w-10" : "px-3.5",
          checked ? "border-ink bg-ink text-canvas" : "border-line-strong bg-surface text-ink-soft hover:border-ink/40 hover:text-ink",
        )}
      >
        {children}
      </label>
    </span>
  );
}
