import { z } from "zod";

const Instant = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time, e.g. 2026-11-23T09:00:00Z" });

export const metricsBuckets = ["hour", "day"] as const;

/** `GET /v1/admin/metrics?from&to&bucket=hour|day` (admin, auditor). Defaults: the last 24 hours, by hour. */
export const MetricsQuery = z
  .strictObject({
    from: Instant.optional(),
    to: Instant.optional(),
    bucket: z.enum(metricsBuckets).default("hour"),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: "from must not be after to",
    path: ["from"],
  });
export type MetricsQuery = z.infer<typeof MetricsQuery>;

/** One bucket of operational counts: no user data, no ids, only how many and how long. */
export const MetricsBucket = z.object({
  /** The bucket's start (UTC, on the hour or the day). */
  at: z.string(),
  generations: z.object({
    started: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    canceled: z.number().int(),
  }),
  /** Model run time of the bucket's finished predictions, in seconds; null when none finished. */
  modelSeconds: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  uploads: z.number().int(),
  /** Requests refused with 429 by any rate policy. */
  rateLimited: z.number().int(),
  deletions: z.number().int(),
  /** Replicate webhooks refused (bad signature, stale timestamp). */
  webhookRejections: z.number().int(),
});
export type MetricsBucket = z.infer<typeof MetricsBucket>;

export const Metrics = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(metricsBuckets),
  /** Oldest first, one per bucket in the range, empty buckets included (zeros). */
  buckets: z.array(MetricsBucket),
});
export type Metrics = z.infer<typeof Metrics>;
