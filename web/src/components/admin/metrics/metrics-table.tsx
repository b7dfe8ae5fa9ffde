import type { MetricsBucket } from "@bez/contracts";
import { formatBucket, formatValue, type BucketSize, type ChartSpec } from "./metrics-model";

/** A chart's numbers as a table, folded away by default: the text alternative for screen readers and for copying. */
export function MetricsTable({ spec, buckets, bucket }: { spec: ChartSpec; buckets: readonly MetricsBucket[]; bucket: BucketSize }) {
  const rows = buckets.filter((b) => spec.series.some((s) => (s.value(b) ?? 0) !== 0));
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer text-ink-soft hover:text-ink">Show the numbers</summary>
      {rows.length === 0 ? (
        <p className="mt-2 text-muted">Nothing in this range.</p>
      ) : (
        <div className="mt-2 max-h-72 overflow-auto">
          <table className="w-full text-left tabular-nums">
            <caption className="sr-only">
              {spec.title}, per {bucket}, times in your time zone; {bucket === "hour" ? "hours" : "days"} with nothing are left out
            </caption>
            <thead className="text-muted">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">
                  {bucket === "hour" ? "Hour" : "Day"}
                </th>
                {spec.series.map((s) => (
                  <th key={s.label} scope="col" className="py-1 pr-3 font-medium">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={b.at} className="border-t border-line">
                  <th scope="row" className="py-1 pr-3 font-normal text-ink-soft">
                    {formatBucket(b.at, bucket)}
                  </th>
                  {spec.series.map((s) => (
                    <td key={s.label} className="py-1 pr-3 text-ink">
                      {formatValue(s.value(b), spec.unit)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
