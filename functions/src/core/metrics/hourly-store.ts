/**
 * Admin metrics in the document store: `metrics/{yyyymmddhh}-{shard}`, one document per hour and shard holding only
 * counts (no uid, no id, no prompt). Each flush adds its deltas to one of `shardCount` documents of the hour, picked
 * at random, so writers spread over several documents rather than queueing on one (Firestore sustains about one
 * write a second per document); a read adds the shards up.
 */
import type { Metrics, MetricsBucket, MetricsQuery } from "@bez/contracts";
import { type DocData, type DocPatch, type DocumentStore, FieldOp, type MetricCounter, metricCounters } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import { bucketCount, bucketField, quantile } from "./histogram.ts";
import { type HourDelta, type MetricsBuffer, hourStart } from "./recorder.ts";

export const metricsCollection = "metrics";
const shardCount = 4;
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

type ShardDoc = { hour: Date; modelSeconds: Record<string, number> } & Record<MetricCounter, number>;

const hourKey = (hour: Date) => hour.toISOString().slice(0, 13).replace(/[-T]/g, "");

/**
 * Writes what `buffer` holds: each hour's deltas are added to a shard document, created when the hour's shard has
 * none yet. On a failure the hours not yet written go back into the buffer for the next flush, then it throws.
 */
export async function flushHourlyMetrics(store: DocumentStore, buffer: MetricsBuffer, pickShard = () => Math.floor(Math.random() * shardCount)): Promise<void> {
  const deltas = buffer.drain();
  for (const [index, delta] of deltas.entries()) {
    const path = `${metricsCollection}/${hourKey(delta.hour)}-${pickShard()}`;
    try {
      await store.runTransaction(async (tx) => {
        const existing = await tx.get(path);
        if (existing) tx.update(path, increments(delta));
        else tx.create(path, fresh(delta));
      });
    } catch (error) {
      buffer.restore(deltas.slice(index));
      throw error;
    }
  }
}

function increments(delta: HourDelta): DocPatch {
  const patch: DocPatch = {};
  for (const [name, n] of Object.entries(delta.counters)) if (n) patch[name] = FieldOp.increment(n);
  delta.modelSeconds.forEach((n, i) => {
    if (n) patch[`modelSeconds.${bucketField(i)}`] = FieldOp.increment(n);
  });
  return patch;
}

function fresh(delta: HourDelta): DocData {
  const doc: DocData = { hour: delta.hour, modelSeconds: {} };
  for (const name of metricCounters) doc[name] = delta.counters[name] ?? 0;
  const buckets: Record<string, number> = {};
  for (let i = 0; i < bucketCount; i++) buckets[bucketField(i)] = delta.modelSeconds[i] ?? 0;
  doc.modelSeconds = buckets;
  return doc;
}

/** The longest range one request may ask for, per bucket size (a year by day is 35,040 shard documents at most). */
const maxRangeMs = { hour: 31 * dayMs, day: 366 * dayMs } as const;
/** Without `from`: the last 24 hours by hour, the last 30 days by day. */
const defaultRangeMs = { hour: dayMs, day: 30 * dayMs } as const;

const bucketStart = (at: Date, bucket: MetricsQuery["bucket"]) =>
  bucket === "hour" ? hourStart(at) : new Date(Math.floor(at.getTime() / dayMs) * dayMs);

/** Every bucket from `from` to `to` (oldest first, empty ones as zeros). */
export async function readMetrics(store: DocumentStore, now: Date, query: MetricsQuery): Promise<Metrics> {
  const to = query.to ? new Date(query.to) : now;
  const from = bucketStart(query.from ? new Date(query.from) : new Date(to.getTime() - defaultRangeMs[query.bucket]), query.bucket);
  if (to.getTime() - from.getTime() > maxRangeMs[query.bucket]) {
    const days = maxRangeMs[query.bucket] / dayMs;
    throw new DomainError("invalid-request", `Ask for at most ${days} days by ${query.bucket}.`, [{ path: "from", message: `at most ${days} days before to` }]);
  }
  const step = query.bucket === "hour" ? hourMs : dayMs;
  const buckets = new Map<number, { counts: Record<MetricCounter, number>; histogram: number[] }>();
  for (let at = from.getTime(); at < to.getTime(); at += step) {
    buckets.set(at, { counts: Object.fromEntries(metricCounters.map((c) => [c, 0])) as Record<MetricCounter, number>, histogram: new Array<number>(bucketCount).fill(0) });
  }
  let cursor: string | undefined;
  do {
    const page = await store.query({
      collection: metricsCollection,
      where: [
        { field: "hour", op: ">=", value: from },
        { field: "hour", op: "<", value: to },
      ],
      orderBy: { field: "hour", direction: "asc" },
      limit: 500,
      ...(cursor ? { startAfter: cursor } : {}),
    });
    for (const snapshot of page.docs) {
      const doc = snapshot.data as ShardDoc;
      const bucket = buckets.get(bucketStart(doc.hour, query.bucket).getTime());
      if (!bucket) continue;
      for (const name of metricCounters) bucket.counts[name] += doc[name] ?? 0;
      for (let i = 0; i < bucketCount; i++) bucket.histogram[i] = (bucket.histogram[i] ?? 0) + (doc.modelSeconds[bucketField(i)] ?? 0);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket: query.bucket,
    buckets: [...buckets.entries()].map(([at, { counts, histogram }]): MetricsBucket => ({
      at: new Date(at).toISOString(),
      generations: {
        started: counts.generationsStarted,
        succeeded: counts.generationsSucceeded,
        failed: counts.generationsFailed,
        canceled: counts.generationsCanceled,
      },
      modelSeconds: { p50: quantile(histogram, 0.5), p95: quantile(histogram, 0.95) },
      uploads: counts.uploads,
      rateLimited: counts.rateLimited,
      deletions: counts.deletions,
      webhookRejections: counts.webhookRejections,
    })),
  };
}
