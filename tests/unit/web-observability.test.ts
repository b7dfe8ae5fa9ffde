import { WebVitalsReport, type MetricsBucket } from "@bez/contracts";
import { describe, expect, it } from "vitest";
import { chartSpecs, describeChart, isEmpty, rangeQuery, totals } from "../../web/src/components/admin/metrics/metrics-model.ts";
import { routePattern } from "../../web/src/lib/route-pattern.ts";

describe("route patterns (all analytics and Web Vitals ever see of an address)", () => {
  it.each([
    ["/", "/"],
    ["/studio", "/studio"],
    ["/admin/audit", "/admin/audit"],
    ["/sign-in?next=%2Fstudio%3Fsecret%3Dopal", "/sign-in"],
    ["/unlock-ip-lock#token=abc", "/unlock-ip-lock"],
    ["/deleted/01JDX9F7Q2M3N4P5R6S7T8V9W0", "/deleted/[id]"],
    ["/deleted/some%20thing", "/deleted/[id]"],
  ])("%s → %s", (path, pattern) => {
    expect(routePattern(path)).toBe(pattern);
    expect(WebVitalsReport.safeParse({ route: routePattern(path), vitals: [{ name: "LCP", value: 1, rating: "good", navigationType: "navigate" }] }).success).toBe(true);
  });

  it("the vitals contract refuses raw addresses and unknown metrics", () => {
    const vital = { name: "LCP", value: 1200, rating: "good", navigationType: "navigate" };
    expect(WebVitalsReport.safeParse({ route: "/sign-in?next=/x", vitals: [vital] }).success).toBe(false);
    expect(WebVitalsReport.safeParse({ route: "/", vitals: [{ ...vital, name: "FID" }] }).success).toBe(false);
    expect(WebVitalsReport.safeParse({ route: "/", vitals: [{ ...vital, ip: "203.0.113.9" }] }).success).toBe(false);
    expect(WebVitalsReport.safeParse({ route: "/", vitals: [] }).success).toBe(false);
  });
});

const bucket = (at: string, over: Partial<MetricsBucket> = {}): MetricsBucket => ({
  at,
  generations: { started: 0, succeeded: 0, failed: 0, canceled: 0 },
  modelSeconds: { p50: null, p95: null },
  uploads: 0,
  rateLimited: 0,
  deletions: 0,
  webhookRejections: 0,
  ...over,
});

describe("the Overview's metrics model", () => {
  const quiet = [bucket("2026-12-05T10:00:00Z"), bucket("2026-12-05T11:00:00Z")];
  const busy = [
    bucket("2026-12-05T10:00:00Z", { generations: { started: 3, succeeded: 2, failed: 1, canceled: 0 }, modelSeconds: { p50: 2, p95: 4.5 }, uploads: 1 }),
    bucket("2026-12-05T11:00:00Z", { generations: { started: 5, succeeded: 5, failed: 0, canceled: 0 }, modelSeconds: { p50: 1.5, p95: 3 }, rateLimited: 2 }),
  ];

  it("an all-zero range is empty; one 429 is not", () => {
    expect(isEmpty({ from: "", to: "", bucket: "hour", buckets: quiet })).toBe(true);
    expect(isEmpty({ from: "", to: "", bucket: "hour", buckets: [bucket("2026-12-05T10:00:00Z", { rateLimited: 1 })] })).toBe(false);
  });

  it("totals add the buckets and keep the worst p95", () => {
    expect(totals(busy)).toEqual({ started: 8, succeeded: 7, failed: 1, canceled: 0, uploads: 1, rateLimited: 2, deletions: 0, webhookRejections: 0, worstP95: 4.5 });
  });

  it("describes each chart in a sentence per series", () => {
    const generations = chartSpecs.find((s) => s.id === "generations")!;
    const text = describeChart(generations, busy, "hour");
    expect(text).toMatch(/^Started: 8 in total, most 5 \(.+\)\. Succeeded: 7 in total, most 5 \(.+\)\. Failed: 1 in total, most 1 \(.+\)\. Canceled: none\.$/);
    expect(describeChart(chartSpecs.find((s) => s.id === "model-seconds")!, busy, "hour")).toMatch(/^Median \(p50\): up to 2\.0 s .*Slowest 5% \(p95\): up to 4\.5 s/);
  });

  it("asks for the range ending now", () => {
    const now = new Date("2026-12-05T12:30:00Z");
    expect(rangeQuery("7d", "day", now)).toEqual({ from: "2026-11-28T12:30:00.000Z", to: "2026-12-05T12:30:00.000Z", bucket: "day" });
  });
});
