/** The model-seconds histogram: bucket placement and the p50/p95 read from bucket counts. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { bucketCount, bucketOf, modelSecondsBounds, quantile } from "../../functions/src/core/metrics/histogram.ts";

const histogramOf = (samples: number[]) => {
  const counts = new Array<number>(bucketCount).fill(0);
  for (const s of samples) counts[bucketOf(s)] = (counts[bucketOf(s)] ?? 0) + 1;
  return counts;
};

describe("model-seconds histogram", () => {
  it("puts a value in the first bucket whose bound holds it, and beyond the last bound in the open bucket", () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.5)).toBe(0);
    expect(bucketOf(0.51)).toBe(1);
    expect(bucketOf(900)).toBe(modelSecondsBounds.length - 1);
    expect(bucketOf(901)).toBe(modelSecondsBounds.length);
  });

  it("has no percentile without samples", () => {
    expect(quantile(new Array<number>(bucketCount).fill(0), 0.5)).toBeNull();
  });

  it("reads p50 and p95 within the bucket that holds the true value", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 899, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.95), (samples, q) => {
        const sorted = [...samples].sort((a, b) => a - b);
        const exact = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
        const estimate = quantile(histogramOf(samples), q) as number;
        const i = bucketOf(exact);
        const lower = i === 0 ? 0 : (modelSecondsBounds[i - 1] as number);
        const upper = modelSecondsBounds[i] as number;
        expect(estimate).toBeGreaterThanOrEqual(lower - 0.01);
        expect(estimate).toBeLessThanOrEqual(upper + 0.01);
      }),
    );
  });

  it("reports the open bucket as at least its lower bound", () => {
    expect(quantile(histogramOf([1000, 2000]), 0.95)).toBe(modelSecondsBounds.at(-1));
  });
});
