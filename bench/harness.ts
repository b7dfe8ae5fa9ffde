/**
 * Benchmark plumbing. Most figures are a ratio against a baseline measured in the same run, because these machines
 * are noisy: absolute numbers mean little, the ratio to a reference on the same box means a lot. Ours and the
 * baseline always run in interleaved rounds (alternating which goes first) on the same inputs, after a warm-up, so
 * drift and JIT state hit both alike. The timing itself is done by maintained harnesses: tinybench in-process,
 * autocannon over HTTP (bench/support/http-load.ts).
 */
import { Bench } from "tinybench";

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

/**
 * An absolute budget as a row: `ours` against the budget itself, so the ratio is budget / measured and the goal is
 * 1.0 (within budget). Used where the issue names a bound rather than a baseline (end-to-end latency).
 */
export function budget(name: string, measured: number, limit: number, unit: string): BenchResult {
  return result(name, measured, limit, unit, 1, "lower");
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs `measure(side)` for ours and the baseline in `rounds` interleaved rounds, alternating which goes first, and
 * returns the median of each side: a median resists one busy neighbour in either direction, where a best-of would
 * reward whichever side happened to get a quiet moment.
 */
export async function interleave<T extends number>(rounds: number, measure: (side: "ours" | "baseline") => Promise<T>): Promise<{ ours: number; baseline: number }> {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (["baseline", "ours"] as const) : (["ours", "baseline"] as const);
    for (const side of order) (side === "ours" ? ours : baseline).push(await measure(side));
  }
  return { ours: median(ours), baseline: median(baseline) };
}

export interface RateOptions {
  /** Measured time per round, ms. */
  timeMs?: number;
  /** Warm-up before each round, ms. */
  warmupMs?: number;
  /**
   * Time CPU-bound, single-threaded work by this process's CPU time instead of the wall clock: on a machine shared
   * with other busy processes, wall time also counts the moments the scheduler gave the core to someone else.
   */
  clock?: "wall" | "cpu";
}

/** This process's CPU time (user + system, all its threads) in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Operations per second of one function, one call at a time, by tinybench (its own warm-up, then timed samples). */
export async function opsPerSecond(fn: () => unknown, options: RateOptions = {}): Promise<number> {
  const bench = new Bench({
    time: options.timeMs ?? 1000,
    warmupTime: options.warmupMs ?? 200,
    throws: true,
    ...(options.clock === "cpu" ? { now: cpuMs } : {}),
  });
  bench.add("task", fn);
  await bench.run();
  const task = bench.tasks[0];
  const outcome = task?.result;
  if (!task || outcome?.state !== "completed") throw new Error(`tinybench did not complete (${outcome?.state ?? "no task"})`);
  // Mean period (total time / runs) rather than the mean of per-sample rates, which overweights the fastest samples.
  return 1000 / outcome.period;
}

/**
 * Operations per second with `concurrency` calls in flight at once (I/O-bound work such as Redis round trips), by
 * tinybench's task-concurrent mode; the rate is completed calls over the wall time of the timed phase.
 */
export async function concurrentOpsPerSecond(fn: () => Promise<unknown>, concurrency: number, options: RateOptions = {}): Promise<number> {
  const make = (timeMs: number) => {
    const bench = new Bench({ concurrency: "task", threshold: concurrency, iterations: 0, time: timeMs, warmup: false, throws: true });
    bench.add("task", fn);
    return bench;
  };
  await make(options.warmupMs ?? 200).run();
  const bench = make(options.timeMs ?? 1000);
  const started = performance.now();
  await bench.run();
  const elapsed = performance.now() - started;
  const task = bench.tasks[0];
  if (!task || task.result.state !== "completed") throw new Error(`tinybench did not complete (${task?.result.state ?? "no task"})`);
  return (task.runs * 1000) / elapsed;
}
