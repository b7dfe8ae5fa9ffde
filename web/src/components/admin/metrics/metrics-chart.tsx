"use client";

import type { MetricsBucket } from "@bez/contracts";
import { useEffect, useId, useRef, type KeyboardEvent } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "./metrics-chart.css";
import { describeChart, type BucketSize, type ChartSpec } from "./metrics-model";
import { MetricsTable } from "./metrics-table";

const HEIGHT = 220;

function themeColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(`--color-${name}`).trim() || "#57514a";
}

function options(spec: ChartSpec, width: number): uPlot.Options {
  const axis = { stroke: themeColor("muted"), grid: { stroke: themeColor("line"), width: 1 }, ticks: { show: false } };
  return {
    width,
    height: HEIGHT,
    cursor: { drag: { x: false, y: false } },
    scales: { y: { range: (_u, _min, max) => [0, Math.max(spec.unit === "count" ? 4 : 1, max * 1.1)] } },
    axes: [axis, { ...axis, size: 44, values: (_u, ticks) => ticks.map((t) => (spec.unit === "seconds" ? `${t}s` : Number.isInteger(t) ? String(t) : "")) }],
    series: [
      {},
      ...spec.series.map((s) => ({
        label: s.label,
        stroke: themeColor(s.color),
        width: 2,
        dash: s.dashed ? [6, 4] : undefined,
        // Always drawn: uPlot hides points on dense charts, and a lone bucket between gaps is only a point.
        points: { show: true, size: 5 },
        spanGaps: false,
      })),
    ],
  };
}

/**
 * One chart, drawn by uPlot (imported on first use, so only this page ever downloads it). The canvas is hidden from
 * assistive technology; the figure is focusable, described by a sentence, and backed by a table of the same numbers.
 * Left/right arrows move the cursor from bucket to bucket, Home/End jump to the ends.
 */
export function MetricsChart({ spec, buckets, bucket }: { spec: ChartSpec; buckets: readonly MetricsBucket[]; bucket: BucketSize }) {
  const titleId = useId();
  const summaryId = useId();
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const cursor = useRef(-1);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    const data: uPlot.AlignedData = [buckets.map((b) => Date.parse(b.at) / 1000), ...spec.series.map((s) => buckets.map((b) => s.value(b)))];
    void import("uplot").then(({ default: UPlot }) => {
      if (disposed) return;
      plot.current = new UPlot(options(spec, el.clientWidth), data, el);
      observer = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height: HEIGHT }));
      observer.observe(el);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
      cursor.current = -1;
    };
  }, [spec, buckets]);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    const u = plot.current;
    const last = buckets.length - 1;
    if (!u || last < 0) return;
    const moves: Record<string, number> = { ArrowLeft: cursor.current - 1, ArrowRight: cursor.current + 1, Home: 0, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    cursor.current = Math.min(last, Math.max(0, moves[event.key]!));
    const x = u.valToPos(Date.parse(buckets[cursor.current]!.at) / 1000, "x");
    u.setCursor({ left: x, top: HEIGHT / 3 });
  }

  return (
    <figure
      tabIndex={0}
      aria-labelledby={titleId}
      aria-describedby={summaryId}
      onKeyDown={onKeyDown}
      onBlur={() => plot.current?.setCursor({ left: -10, top: -10 })}
      className="min-w-0 rounded-[var(--radius-card)] border border-line bg-surface p-5 shadow-[var(--shadow-card)]"
      data-testid={`chart-${spec.id}`}
    >
      <h3 id={titleId} className="text-[15px] font-semibold text-ink">
        {spec.title}
      </h3>
      <p id={summaryId} className="mt-1 text-sm leading-relaxed text-muted" data-testid="chart-summary">
        {describeChart(spec, buckets, bucket)}
      </p>
      <div ref={host} aria-hidden="true" className="bez-chart mt-4 min-h-[220px] w-full" />
      <MetricsTable spec={spec} buckets={buckets} bucket={bucket} />
    </figure>
  );
}
