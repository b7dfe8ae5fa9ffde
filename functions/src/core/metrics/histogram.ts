/**
 * Model run time as a fixed-bucket histogram: counts per bucket add up across instances and hours (a sum of shard
 * documents), which exact samples would not, and p50/p95 come out within one bucket's width.
 */

/** Upper bounds in seconds; the last bucket is everything above the final bound. */
export const modelSecondsBounds = [0.5, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 90, 120, 180, 240, 300, 450, 600, 900] as const;

/** Field names of the buckets in a shard document ("b00" … "b25"), fixed width so they sort. */
export const bucketField = (index: number): string => `b${String(index).padStart(2, "0")}`;

export const bucketCount = modelSecondsBounds.length + 1;

export function bucketOf(seconds: number): number {
  const index = modelSecondsBounds.findIndex((bound) => seconds <= bound);
  return index === -1 ? modelSecondsBounds.length : index;
}

/**
 * The q-quantile (0 < q < 1) of a histogram, interpolated linearly inside the bucket it falls in; null when empty.
 * The open last bucket reports its lower bound: "at least this".
 */
export function quantile(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && below + n >= rank) {
      const lower = i === 0 ? 0 : (modelSecondsBounds[i - 1] ?? 0);
      const upper = modelSecondsBounds[i];
      if (upper === undefined) return lower;
      return round(lower + ((rank - below) / n) * (upper - lower));
    }
    below += n;
  }
  return modelSecondsBounds.at(-1) ?? null;
}

const round = (n: number) => Math.round(n * 100) / 100;
