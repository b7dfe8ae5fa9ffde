/**
 * The API's log lines in tests, and the check that none carries personal data (API.md §5). startTestApi sends
 * every API's lines here instead of stderr; the helpers that create accounts, tokens and prompts register each
 * value; an afterAll in api-server.ts fails the suite on any finding. Besides the registered values, patterns catch
 * what no helper registered: any email address, IP address, ID token, access token, webhook secret or file name.
 */

const captured: string[] = [];
const registered = new Set<string>();

/** A pino destination: one JSON line per write. */
export const logCapture = {
  write(line: string) {
    captured.push(line);
  },
};

/** Values that must never appear in a log line (uids, emails, tokens, prompts…). Short ones would match by chance. */
export function registerPersonal(...values: (string | null | undefined)[]): void {
  for (const value of values) if (value && value.trim().length >= 6) registered.add(value.trim());
}

/** Request bodies: every string under a key that holds what a person typed or who they are. */
const personalKeys = new Set(["prompt", "email", "displayName", "name", "subject", "body", "cidrs", "uids"]);
export function registerPersonalJson(value: unknown, key = ""): void {
  if (typeof value === "string") {
    if (personalKeys.has(key)) registerPersonal(value);
  } else if (Array.isArray(value)) {
    for (const item of value) registerPersonalJson(item, key);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) registerPersonalJson(v, k);
  }
}

const patterns: [string, RegExp][] = [
  ["email", /[\w.%+-]+@[\w-]+(?:\.[\w-]+)+/],
  ["ipv4", /\b(?:\d{1,3}\.){3}\d{1,3}\b/],
  ["ipv6", /\b[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}\b/i],
  ["id token", /eyJ[\w-]{8,}\.[\w-]*\./],
  ["access token", /bez_pat_/],
  ["webhook secret", /whsec_/],
  ["bearer", /bearer\s+\S/i],
  ["file name", /[\w-]+\.(?:png|jpe?g|webp|gif|heic|tiff?|zip|eml|csv|pdf)\b/i],
  ["file path", /(?:^|[\s"'=])\/(?:tmp|home|var|work|root|Users)\//],
];

export interface Finding {
  kind: string;
  line: string;
}

/** Personal data in `lines`: registered values anywhere, patterns in everything but the timestamp. */
export function findPersonalData(lines: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const line of lines) {
    let scanned = line;
    try {
      const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
      scanned = JSON.stringify(rest);
    } catch {
      // Not JSON (it should be): scan it whole.
    }
    for (const value of registered) if (line.includes(value) || scanned.includes(JSON.stringify(value).slice(1, -1))) findings.push({ kind: "registered value", line });
    for (const [kind, pattern] of patterns) if (pattern.test(scanned)) findings.push({ kind, line });
  }
  return findings;
}

/** Every line captured so far in this test file. */
export const capturedLines = (): readonly string[] => captured;

/** Takes lines out of the capture (a test that leaks on purpose, to prove the scan, removes its own leak). */
export function discardCapturedLines(from: number): string[] {
  return captured.splice(from);
}

function messageOf(line: string): string {
  try {
    return String((JSON.parse(line) as { message?: unknown }).message ?? "?");
  } catch {
    return "(not JSON)";
  }
}

export function assertNoPersonalDataLogged(): void {
  const findings = findPersonalData(captured);
  if (findings.length === 0) return;
  // The finding's kind and the line's message only: repeating the value would put it in the test report.
  const summary = findings.slice(0, 10).map((f) => `${f.kind} in a log line "${messageOf(f.line)}"`);
  throw new Error(`personal data in ${findings.length} API log line(s):\n  ${summary.join("\n  ")}`);
}
