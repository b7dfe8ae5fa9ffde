/** tqdm-style progress lines, as Replicate's models print them (the client's parseProgressFromLogs reads them). */

const PARTIAL = " ▏▎▍▌▋▊▉";

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** e.g. " 40%|████      | 2/5 [00:01<00:01,  2.10it/s]" */
export function progressLine(done: number, total: number, elapsedSeconds: number): string {
  const fraction = total === 0 ? 1 : done / total;
  const filled = fraction * 10;
  const full = Math.floor(filled);
  const bar = (full >= 10 ? "█".repeat(10) : "█".repeat(full) + (PARTIAL[Math.floor((filled - full) * 8)] ?? " ")).padEnd(10, " ");
  const rate = done > 0 && elapsedSeconds > 0 ? done / elapsedSeconds : null;
  const remaining = rate ? clock((total - done) / rate) : "?";
  const speed = rate ? `${rate.toFixed(2).padStart(5)}it/s` : "?it/s";
  return `${String(Math.floor(fraction * 100)).padStart(3)}%|${bar}| ${done}/${total} [${clock(elapsedSeconds)}<${remaining}, ${speed}]`;
}
