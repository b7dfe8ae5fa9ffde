"use client";

import type { CreateGenerationRequest, Generation, GenerationAccepted, GenerationList, Me, Preset } from "@bez/contracts";
import { RefreshCw } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, Card, CardBody, CardHeader, LiveRegion, Skeleton } from "@/components/ui";
import { asApiError, type ApiClient, type ApiError } from "@/lib/api";
import { GenerateForm, type FormValues } from "./generate-form";
import { GenerationPanel } from "./generation-panel";
import { RecentGenerations } from "./recent-generations";
import { isTerminal, useGeneration } from "./use-generation";

const RECENT = 8;

/** The two lists the workspace opens with. */
export interface WorkspaceLists {
  presets?: Promise<Preset[]>;
  recent?: Promise<GenerationList>;
}

/**
 * Asks for the workspace's lists at the same time as the account (see StudioHome) instead of one round trip after
 * it. Where the workspace is then not shown (an error, the consent step) the answers are dropped unread.
 */
export function requestWorkspaceLists(api: ApiClient): WorkspaceLists {
  const presets = api.listPresets();
  const recent = api.listGenerations({ limit: RECENT });
  presets.catch(() => undefined);
  recent.catch(() => undefined);
  return { presets, recent };
}

/**
 * The studio's working area: the form, the generation in view (live), and the recent ones. `aside` and `after`
 * are the account cards around it.
 */
export function Workspace({
  me,
  left,
  onUsageChanged,
  aside,
  after,
  opening,
}: {
  me: Me;
  left: number;
  onUsageChanged: () => void;
  aside: ReactNode;
  after: ReactNode;
  /** Lists already asked for; each is used by the first load only, every later one asks again. */
  opening?: WorkspaceLists;
}) {
  const { api } = useAuth();
  const [presets, setPresets] = useState<Preset[] | null>(null);
  const [presetError, setPresetError] = useState<ApiError | null>(null);
  const [recent, setRecent] = useState<Generation[] | null>(null);
  const [recentError, setRecentError] = useState<ApiError | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [placeholder, setPlaceholder] = useState<Generation | null>(null);
  const [prefill, setPrefill] = useState<{ key: number; values: FormValues } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const results = useRef<HTMLDivElement>(null);
  const pending = useRef<WorkspaceLists>({ ...opening });

  const loadPresets = useCallback(() => {
    setPresetError(null);
    const request = pending.current.presets ?? api.listPresets();
    pending.current.presets = undefined;
    request.then(setPresets, (err) => setPresetError(asApiError(err)));
  }, [api]);

  const loadRecent = useCallback(() => {
    const request = pending.current.recent ?? api.listGenerations({ limit: RECENT });
    pending.current.recent = undefined;
    request.then(
      (page) => {
        setRecent(page.items);
        setRecentError(null);
      },
      (err) => setRecentError(asApiError(err)),
    );
  }, [api]);

  useEffect(() => {
    loadPresets();
    loadRecent();
  }, [loadPresets, loadRecent]);

  const onSettled = useCallback(
    (g: Generation) => {
      setAnnouncement(
        g.status === "succeeded"
          ? `${g.outputs.length === 1 ? "Your image is" : "Your images are"} ready.`
          : g.status === "canceled"
            ? "Generation canceled."
            : "The generation failed.",
      );
      onUsageChanged();
      loadRecent();
    },
    [onUsageChanged, loadRecent],
  );
  const { generation, setGeneration, connection, error: watchError } = useGeneration(selected, onSettled);
  const shown = generation ?? (placeholder?.id === selected ? placeholder : null);

  // Keep the list in step with the generation being watched.
  useEffect(() => {
    if (!generation) return;
    setRecent((list) => list?.map((g) => (g.id === generation.id ? generation : g)) ?? list);
  }, [generation]);

  // Others still running (started in another tab, or before this one): refresh the list now and then.
  const othersRunning = recent?.some((g) => g.id !== selected && !isTerminal(g)) ?? false;
  useEffect(() => {
    if (!othersRunning) return;
    const t = setInterval(loadRecent, 5000);
    return () => clearInterval(t);
  }, [othersRunning, loadRecent]);

  function onStarted(accepted: GenerationAccepted, request: CreateGenerationRequest) {
    const record: Generation = {
      ...accepted,
      prompt: request.prompt,
      progress: null,
      referenceImageId: request.referenceImageId ?? null,
      seed: request.seed ?? null,
      outputs: [],
      error: null,
      updatedAt: accepted.createdAt,
      completedAt: null,
    };
    setPlaceholder(record);
    setSelected(accepted.id);
    setRecent((list) => [record, ...(list ?? []).filter((g) => g.id !== record.id)].slice(0, RECENT));
    setAnnouncement(`Started: making ${accepted.count === 1 ? "one image" : `${accepted.count} images`}.`);
    onUsageChanged();
    requestAnimationFrame(() => results.current?.scrollIntoView({ behavior: "smooth", block: "nearest" }));
  }

  function onRetry(g: Generation) {
    setPrefill({
      key: Date.now(),
      values: {
        preset: g.preset,
        prompt: g.prompt,
        aspectRatio: g.aspectRatio,
        count: g.count,
        referenceImageId: g.referenceImageId,
        seed: g.seed === null ? "" : String(g.seed),
      },
    });
    document.getElementById("create")?.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  return (
    <div className="mt-10 grid gap-6 lg:grid-cols-[minmax(0,1.7fr)_minmax(0,1fr)]">
      <div className="min-w-0 space-y-6">
        <Card id="create" className="scroll-mt-24">
          <CardHeader
            as="h2"
            title="Create images"
            description="Pick a style, describe the piece, and Bez makes product images of it. Every prompt and picture is encrypted with your key."
          />
          <CardBody>
            {presets ? (
              <GenerateForm presets={presets} left={left} restricted={me.status === "restricted"} prefill={prefill} onStarted={onStarted} />
            ) : presetError ? (
              <Alert
                tone="error"
                role="alert"
                title={presetError.title}
                footnote={presetError.requestId ? `Reference: ${presetError.requestId}` : undefined}
                action={
                  <Button size="sm" variant="secondary" onClick={loadPresets}>
                    <RefreshCw aria-hidden="true" className="size-3.5" /> Try again
                  </Button>
                }
              >
                {presetError.detail}
              </Alert>
            ) : (
              <FormSkeleton />
            )}
          </CardBody>
        </Card>

        <LiveRegion className="sr-only">{announcement}</LiveRegion>

        <div ref={results} className="scroll-mt-24">
          {shown && presets ? (
            <Card>
              <CardBody className="sm:p-7">
                <GenerationPanel
                  key={shown.id}
                  generation={shown}
                  presets={presets}
                  connection={connection}
                  onChanged={(g) => {
                    setGeneration(g);
                    setRecent((list) => list?.map((x) => (x.id === g.id ? g : x)) ?? list);
                  }}
                  onRetry={onRetry}
                />
                {watchError ? (
                  <Alert tone="error" className="mt-4" title={watchError.title}>
                    {watchError.detail}
                  </Alert>
                ) : null}
              </CardBody>
            </Card>
          ) : null}
        </div>
      </div>

      <div className="min-w-0 space-y-6">
        {aside}
        <Card>
          <CardHeader
            title="Recent"
            description="Your latest generations."
            action={
              <Link href="/gallery" className="text-[13px] font-medium text-accent underline-offset-2 hover:underline">
                Gallery
              </Link>
            }
          />
          <CardBody className="pt-4">
            <RecentGenerations
              items={recent}
              presets={presets ?? []}
              selected={selected}
              onSelect={(g) => {
                setPlaceholder(g);
                setSelected(g.id);
                requestAnimationFrame(() => results.current?.scrollIntoView({ behavior: "smooth", block: "nearest" }));
              }}
              error={recentError}
              onRetry={loadRecent}
            />
          </CardBody>
        </Card>
        {after}
      </div>
    </div>
  );
}

function FormSkeleton() {
  return (
    <div className="space-y-6" role="status" aria-label="Loading styles">
      <div className="grid grid-cols-3 gap-2.5 sm:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="aspect-square w-full rounded-xl" />
        ))}
      </div>
      <Skeleton className="h-28 w-full rounded-lg" />
      <Skeleton className="h-10 w-64 rounded-full" />
    </div>
  );
}
