import { z } from "zod";

/** The Core Web Vitals web-vitals reports (through Next's `useReportWebVitals`), and nothing else. */
export const webVitalNames = ["TTFB", "FCP", "LCP", "CLS", "INP"] as const;

export const WebVital = z.strictObject({
  name: z.enum(webVitalNames),
  /** Milliseconds, except CLS (a unitless score). */
  value: z.number().finite().min(0).max(600_000),
  rating: z.enum(["good", "needs-improvement", "poor"]),
  navigationType: z.enum(["navigate", "reload", "back-forward", "back-forward-cache", "prerender", "restore", "soft-navigate"]),
});
export type WebVital = z.infer<typeof WebVital>;

/**
 * `POST /vitals` on the web app (a first-party relay to Axiom, sent only after analytics consent): a page's vitals. The
 * page is its route pattern (ids replaced by `[id]`, no query string), so nothing in it names a person or a record.
 */
export const WebVitalsReport = z.strictObject({
  route: z
    .string()
    .max(200)
    .regex(/^\/[A-Za-z0-9\-/[\]]*$/, "must be a route pattern such as /studio or /deleted/[id]"),
  vitals: z.array(WebVital).min(1).max(20),
});
export type WebVitalsReport = z.infer<typeof WebVitalsReport>;
