/**
 * Benchmark plumbing. Every figure is a ratio against a baseline measured in the same run, because these
 * machines are noisy: absolute numbers mean little, the ratio to a reference on the same box means a lot.
 */
export interface BenchResult {
  name: string;
  ours: number;
  baseline: number;
  unit: string;
  /** ours / baseline for "higher is better" units, baseline / ours for "lower is better" ones. */
  ratio: number;
  /** The target ratio the issue names; null for an information row, which never fails. */
  goal: number | null;
  pass: boolean;
}

export interface BenchSuite {
  name: string;
  run(): Promise<BenchResult[]>;
}

export function result(
  name: string,
  ours: number,
  baseline: number,
  unit: string,
  goal: number | null,
  better: "higher" | "lower" = "higher",
): BenchResult {
  const ratio = better === "higher" ? ours / baseline : baseline / ours;
  const round = (n: number) => Number(n.toPrecision(4));
  return { name, ours: round(ours), baseline: round(baseline), unit, ratio: round(ratio), goal, pass: goal === null || ratio >= goal };
}

/** Runs `fn` repeatedly for about `ms` milliseconds after a warm-up; returns operations per second. */
export async function throughput(fn: () => Promise<unknown> | unknown, ms = 1500, warmupMs = 300): Promise<number> {
  const until = (deadline: number) => async () => {
    let ops = 0;
    while (performance.now() < deadline) {
      await fn();
      ops++;
    }
    return ops;
  };
  await until(performance.now() + warmupMs)();
  const start = performance.now();
  const ops = await until(start + ms)();
  return (ops * 1000) / (performance.now() - start);
}

/** Like throughput(), with `concurrency` loops in flight at once (for I/O-bound work such as Redis round trips). */
export async function concurrentThroughput(fn: () => Promise<unknown>, concurrency: number, ms = 1500, warmupMs = 300): Promise<number> {
  const loop = async (deadline: number) => {
    let ops = 0;
    while (performance.now() < deadline) {
      await fn();
      ops++;
    }
    return ops;
  };
  const all = async (deadline: number) =>
    (await Promise.all(Array.from({ length: concurrency }, () => loop(deadline)))).reduce((a, b) => a + b, 0);
  await all(performance.now() + warmupMs);
  const start = performance.now();
  const ops = await all(start + ms);
  return (ops * 1000) / (performance.now() - start);
}

/** Interleaves ours and baseline over several rounds and keeps the best of each, so drift hits both alike. */
export async function compare(
  ours: () => Promise<number>,
  baseline: () => Promise<number>,
  rounds = 3,
): Promise<{ ours: number; baseline: number }> {
  let best = { ours: 0, baseline: 0 };
  for (let i = 0; i < rounds; i++) {
    const b = await baseline();
    const o = await ours();
    best = { ours: Math.max(best.ours, o), baseline: Math.max(best.baseline, b) };
  }
  return best;
}
