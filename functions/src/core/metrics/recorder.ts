/**
 * The in-process side of admin metrics: counts and model-time buckets per UTC hour, kept in memory until flushed.
 * Recording is a few additions, so the request paths that count (POST /v1/generations among them) never wait on
 * the store; flushHourlyMetrics (hourly-store.ts) writes the pending deltas from a timer, at the end of a function
 * invocation and at shutdown.
 */
import type { Clock, MetricCounter, MetricsRecorder } from "../../ports.ts";
import { bucketCount, bucketOf } from "./histogram.ts";

/** What one hour gained since the last flush. */
export interface HourDelta {
  /** The hour's start (UTC). */
  hour: Date;
  counters: Partial<Record<MetricCounter, number>>;
  /** Model run times per histogram bucket (index → count). */
  modelSeconds: number[];
}

export interface MetricsBuffer extends MetricsRecorder {
  /** Takes every pending delta (oldest hour first) and starts afresh. */
  drain(): HourDelta[];
  /** Puts deltas back after a failed flush, so they go out with the next one. */
  restore(deltas: readonly HourDelta[]): void;
}

export const hourStart = (at: Date): Date => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);

export function createMetricsBuffer(clock: Clock): MetricsBuffer {
  let pending = new Map<number, HourDelta>();
  const current = (at = clock.now()): HourDelta => {
    const hour = hourStart(at);
    let delta = pending.get(hour.getTime());
    if (!delta) {
      delta = { hour, counters: {}, modelSeconds: new Array<number>(bucketCount).fill(0) };
      pending.set(hour.getTime(), delta);
    }
    return delta;
  };
  const merge = (into: HourDelta, from: HourDelta) => {
    for (const [name, n] of Object.entries(from.counters) as [MetricCounter, number][]) into.counters[name] = (into.counters[name] ?? 0) + n;
    from.modelSeconds.forEach((n, i) => (into.modelSeconds[i] = (into.modelSeconds[i] ?? 0) + n));
  };
  return {
    count(counter, by = 1) {
      const delta = current();
      delta.counters[counter] = (delta.counters[counter] ?? 0) + by;
    },
    observeModelSeconds(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0) return;
      const delta = current();
      const index = bucketOf(seconds);
      delta.modelSeconds[index] = (delta.modelSeconds[index] ?? 0) + 1;
    },
    drain() {
      const deltas = [...pending.values()].sort((a, b) => a.hour.getTime() - b.hour.getTime());
      pending = new Map();
      return deltas;
    },
    restore(deltas) {
      for (const delta of deltas) merge(current(delta.hour), delta);
    },
  };
}
