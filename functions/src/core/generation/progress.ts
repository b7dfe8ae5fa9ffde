/** A prediction's progress from its logs: the last "NN%" they print (diffusion models log a progress bar). */
const percent = /(\d{1,3})%/g;

export function progressFromLogs(logs: string | null): number | null {
  if (!logs) return null;
  let last: number | null = null;
  for (const match of logs.matchAll(percent)) {
    const value = Number(match[1]);
    if (value <= 100) last = value;
  }
  return last === null ? null : last / 100;
}
