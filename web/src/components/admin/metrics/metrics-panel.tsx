"use client";

import type { Metrics } from "@bez/contracts";
import { useEffect, useId, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { ProblemAlert } from "@/components/settings/section";
import { Button, Label, LiveRegion, Skeleton } from "@/components/ui";
import { inputClasses } from "@/components/ui/input";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { MetricsChart } from "./metrics-chart";
import { chartSpecs, isEmpty, rangeQuery, ranges, type BucketSize, type RangeKey } from "./metrics-model";
import { MetricsTotals } from "./metrics-totals";

type Load = { state: "loading" } | { state: "ready"; metrics: Metrics } | { state: "failed"; error: ApiError };

/** The Overview's operational charts (`GET /v1/admin/metrics`): a range and bucket choice, totals, four charts. */
export function MetricsPanel() {
  const { api } = useAuth();
  const rangeId = useId();
  const bucketId = useId();
  const [range, setRange] = useState<RangeKey>("24h");
  const [bucket, setBucket] = useState<BucketSize>("hour");
  const [attempt, setAttempt] = useState(0);
  const [load, setLoad] = useState<Load>({ state: "loading" });

  useEffect(() => {
    let current = true;
    setLoad({ state: "loading" });
    api.getMetrics(rangeQuery(range, bucket)).then(
      (metrics) => current && setLoad({ state: "ready", metrics }),
      (err: unknown) => current && setLoad({ state: "failed", error: asApiError(err) }),
    );
    return () => {
      current = false;
    };
  }, [api, range, bucket, attempt]);

  return (
    <section aria-labelledby="metrics-heading" className="mt-12" data-testid="metrics">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="metrics-heading" className="font-display text-[28px] font-medium leading-tight text-ink">
            How Bez is running
          </h2>
          <p className="mt-1 text-sm text-muted">Counts and timings only: no account, image or prompt is behind these numbers.</p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <div>
            <Label htmlFor={rangeId}>Range</Label>
            <select id={rangeId} value={range} onChange={(e) => setRange(e.target.value as RangeKey)} className={cn(inputClasses, "h-10 pr-8")}>
              {ranges.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <Label htmlFor={bucketId}>Per</Label>
            <select id={bucketId} value={bucket} onChange={(e) => setBucket(e.target.value as BucketSize)} className={cn(inputClasses, "h-10 pr-8")}>
              <option value="hour">Hour</option>
              <option value="day">Day</option>
            </select>
          </div>
          <Button variant="secondary" className="h-10" onClick={() => setAttempt((n) => n + 1)}>
            Refresh
          </Button>
        </div>
      </div>
      <LiveRegion>{load.state === "loading" ? <p className="sr-only">Loading the numbers…</p> : null}</LiveRegion>
      <LiveRegion assertive>
        {load.state === "failed" ? (
          <ProblemAlert error={load.error} title="The numbers could not be loaded" className="mt-6" />
        ) : null}
      </LiveRegion>
      {load.state === "loading" ? (
        <div className="mt-6 grid gap-4 md:grid-cols-2">
          {chartSpecs.map((s) => (
            <Skeleton key={s.id} className="h-72" />
          ))}
        </div>
      ) : null}
      {load.state === "ready" ? <MetricsBody metrics={load.metrics} /> : null}
    </section>
  );
}

function MetricsBody({ metrics }: { metrics: Metrics }) {
  if (isEmpty(metrics)) {
    return (
      <div className="mt-6 rounded-[var(--radius-card)] border border-dashed border-line-strong bg-surface px-6 py-10 text-center" data-testid="metrics-empty">
        <p className="font-semibold text-ink">Nothing to chart yet</p>
        <p className="mx-auto mt-1 max-w-md text-sm text-muted">
          No generations, uploads, deletions or refused requests in this range. The charts fill in as jewelers use Bez; try a
          longer range.
        </p>
      </div>
    );
  }
  return (
    <>
      <MetricsTotals buckets={metrics.buckets} />
      <div className="mt-6 grid gap-4 md:grid-cols-2">
        {chartSpecs.map((spec) => (
          <MetricsChart key={spec.id} spec={spec} buckets={metrics.buckets} bucket={metrics.bucket} />
        ))}
      </div>
    </>
  );
}
