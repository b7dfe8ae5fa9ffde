/**
 * What the Overview charts show, as data: the ranges on offer, one spec per chart (its series and how each reads a
 * bucket), totals and the sentence that describes a chart to someone who cannot see it. Pure, so it is testable.
 */
import type { Metrics, MetricsBucket, MetricsQuery } from "@bez/contracts";

export type BucketSize = MetricsQuery["bucket"];

export const ranges = [
  { key: "24h", label: "Last 24 hours", hours: 24 },
  { key: "7d", label: "Last 7 days", hours: 24 * 7 },
  { key: "30d", label: "Last 30 days", hours: 24 * 30 },
] as const;
export type RangeKey = (typeof ranges)[number]["key"];

/** The query for a range ending now; `to` is the end of the current bucket, so the running hour is included. */
export function rangeQuery(key: RangeKey, bucket: BucketSize, now = new Date()): MetricsQuery {
  const hours = ranges.find((r) => r.key === key)?.hours ?? 24;
  return { from: new Date(now.getTime() - hours * 3_600_000).toISOString(), to: now.toISOString(), bucket };
}

/** Theme colour names (CSS custom properties of globals.css) the canvas resolves at draw time. */
export type ThemeColor = "ink-soft" | "success" | "danger" | "muted" | "accent" | "warning";

export interface SeriesSpec {
  label: string;
  color: ThemeColor;
  dashed?: boolean;
  value(bucket: MetricsBucket): number | null;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: "count" | "seconds";
  series: SeriesSpec[];
}

export const chartSpecs: readonly ChartSpec[] = [
  {
    id: "generations",
    title: "Generations by outcome",
    unit: "count",
    series: [
      { label: "Started", color: "ink-soft", dashed: true, value: (b) => b.generations.started },
      { label: "Succeeded", color: "success", value: (b) => b.generations.succeeded },
      { label: "Failed", color: "danger", value: (b) => b.generations.failed },
      { label: "Canceled", color: "muted", value: (b) => b.generations.canceled },
    ],
  },
  {
    id: "model-seconds",
    title: "Model time per prediction",
    unit: "seconds",
    series: [
      { label: "Median (p50)", color: "accent", value: (b) => b.modelSeconds.p50 },
      { label: "Slowest 5% (p95)", color: "danger", dashed: true, value: (b) => b.modelSeconds.p95 },
    ],
  },
  {
    id: "uploads-deletions",
    title: "Uploads and account deletions",
    unit: "count",
    series: [
      { label: "Uploads", color: "accent", value: (b) => b.uploads },
      { label: "Deletions", color: "ink-soft", value: (b) => b.deletions },
    ],
  },
  {
    id: "refusals",
    title: "Refused requests",
    unit: "count",
    series: [
      { label: "Rate limited (429)", color: "warning", value: (b) => b.rateLimited },
      { label: "Webhooks rejected", color: "danger", value: (b) => b.webhookRejections },
    ],
  },
];

export interface Totals {
  started: number;
  succeeded: number;
  failed: number;
  canceled: number;
  uploads: number;
  rateLimited: number;
  deletions: number;
  webhookRejections: number;
  /** The highest hourly (or daily) p95 in the range; null when no prediction finished. */
  worstP95: number | null;
}

export function totals(buckets: readonly MetricsBucket[]): Totals {
  const sum = (pick: (b: MetricsBucket) => number) => buckets.reduce((n, b) => n + pick(b), 0);
  const p95s = buckets.map((b) => b.modelSeconds.p95).filter((v): v is number => v !== null);
  return {
    started: sum((b) => b.generations.started),
    succeeded: sum((b) => b.generations.succeeded),
    failed: sum((b) => b.generations.failed),
    canceled: sum((b) => b.generations.canceled),
    uploads: sum((b) => b.uploads),
    rateLimited: sum((b) => b.rateLimited),
    deletions: sum((b) => b.deletions),
    webhookRejections: sum((b) => b.webhookRejections),
    worstP95: p95s.length ? Math.max(...p95s) : null,
  };
}

/** Nothing happened in the range: every count is zero and no prediction finished. */
export function isEmpty(metrics: Metrics): boolean {
  const t = totals(metrics.buckets);
  return t.worstP95 === null && Object.values(t).every((v) => v === 0 || v === null);
}

export function formatValue(value: number | null, unit: ChartSpec["unit"]): string {
  if (value === null) return "—";
  return unit === "seconds" ? `${value.toFixed(1)} s` : String(value);
}

export function formatBucket(at: string, bucket: BucketSize): string {
  const date = new Date(at);
  return bucket === "day"
    ? date.toLocaleDateString(undefined, { day: "numeric", month: "short" })
    : date.toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

/** One sentence per series: its total (counts) or range (seconds), and when it peaked. */
export function describeChart(spec: ChartSpec, buckets: readonly MetricsBucket[], bucket: BucketSize): string {
  return spec.series
    .map((s) => {
      const points = buckets.map((b) => ({ at: b.at, v: s.value(b) })).filter((p): p is { at: string; v: number } => p.v !== null);
      const peak = points.reduce<{ at: string; v: number } | null>((best, p) => (best === null || p.v > best.v ? p : best), null);
      if (!peak || peak.v === 0) return `${s.label}: none.`;
      const when = formatBucket(peak.at, bucket);
      if (spec.unit === "seconds") return `${s.label}: up to ${formatValue(peak.v, "seconds")} (${when}).`;
      const total = points.reduce((n, p) => n + p.v, 0);
      return `${s.label}: ${total} in total, most ${peak.v} (${when}).`;
    })
    .join(" ");
}
