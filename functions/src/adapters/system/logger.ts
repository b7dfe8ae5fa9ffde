/** JSON-lines logging to stderr (Cloud Logging parses `severity`). Callers pass no secrets or personal data. */
import type { Logger } from "../../ports.ts";

const rank = { info: 0, warn: 1, error: 2, silent: 3 } as const;

export function createLogger(level: keyof typeof rank): Logger {
  const write = (severity: "info" | "warn" | "error", message: string, fields?: Record<string, unknown>) => {
    if (rank[severity] < rank[level]) return;
    process.stderr.write(`${JSON.stringify({ severity: severity.toUpperCase(), message, ...fields })}\n`);
  };
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}
