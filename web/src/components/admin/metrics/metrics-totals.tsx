import type { MetricsBucket } from "@bez/contracts";
import { formatValue, totals } from "./metrics-model";

/** The range at a glance, as words and numbers (the charts below show the same over time). */
export function MetricsTotals({ buckets }: { buckets: readonly MetricsBucket[] }) {
  const t = totals(buckets);
  const finished = t.succeeded + t.failed;
  const items = [
    { key: "started", label: "Generations started", value: String(t.started) },
    { key: "succeeded", label: "Succeeded", value: String(t.succeeded) },
    { key: "failure-rate", label: "Failure rate", value: finished ? `${Math.round((t.failed / finished) * 100)}%` : "—" },
    { key: "p95", label: "Slowest p95", value: formatValue(t.worstP95, "seconds") },
    { key: "uploads", label: "Uploads", value: String(t.uploads) },
    { key: "rate-limited", label: "Rate limited", value: String(t.rateLimited) },
    { key: "deletions", label: "Deletions", value: String(t.deletions) },
    { key: "webhooks", label: "Webhooks rejected", value: String(t.webhookRejections) },
  ];
  return (
    <dl className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="metrics-totals">
      {items.map((i) => (
        <div key={i.key} className="rounded-xl border border-line bg-surface px-4 py-3" data-testid={`total-${i.key}`}>
          <dt className="text-xs text-muted">{i.label}</dt>
          <dd className="mt-0.5 text-xl font-semibold tabular-nums text-ink">{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}
