/**
 * The Logger port on pino, in Google Cloud Logging's structured format: `severity`, `message`, `time`, an
 * `httpRequest` object on request lines and `logging.googleapis.com/trace` from X-Cloud-Trace-Context. Lines go to
 * stderr (Cloud Logging parses them there as on stdout, and the local stack shows the API's stderr), and to any
 * further sinks (Axiom).
 *
 * Personal data stays out by construction: callers pass fields only through the typed allow-list `logFieldNames`,
 * and only listed names are copied into a line; the request line is built from a fixed entry type.
 */
import pino, { type DestinationStream, type Level } from "pino";
import { type LogFields, type Logger, type RequestLogEntry, logFieldNames } from "../../ports.ts";

export type LogLevel = "info" | "warn" | "error" | "silent";

export interface GclLoggerOptions {
  level: LogLevel;
  /** For trace ids: `projects/<projectId>/traces/<trace>`. */
  projectId: string;
  /** Where lines go; stderr when absent (tests pass a capture). */
  destination?: DestinationStream;
  /** Further sinks that receive every line too (Axiom). */
  sinks?: readonly DestinationStream[];
}

const severity: Record<Level, string> = { trace: "DEBUG", debug: "DEBUG", info: "INFO", warn: "WARNING", error: "ERROR", fatal: "CRITICAL" };

const traceHeader = /^([0-9a-f]{32})(?:\/(\d{1,20}))?(?:;o=([01]))?$/i;

/** X-Cloud-Trace-Context (`TRACE_ID/SPAN_ID;o=1`) as Cloud Logging's special fields; nothing when malformed. */
export function traceFields(header: string | null, projectId: string): Record<string, string | boolean> {
  const match = header ? traceHeader.exec(header.trim()) : null;
  if (!match?.[1]) return {};
  const fields: Record<string, string | boolean> = { "logging.googleapis.com/trace": `projects/${projectId}/traces/${match[1].toLowerCase()}` };
  // The header's span id is decimal; Cloud Logging wants 16 hex digits.
  if (match[2]) fields["logging.googleapis.com/spanId"] = BigInt(match[2]).toString(16).padStart(16, "0").slice(-16);
  if (match[3]) fields["logging.googleapis.com/trace_sampled"] = match[3] === "1";
  return fields;
}

function allowed(fields: LogFields | undefined): Record<string, string | number | boolean | null> {
  const picked: Record<string, string | number | boolean | null> = {};
  if (!fields) return picked;
  for (const name of logFieldNames) {
    const value = fields[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

export function createGclLogger(options: GclLoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ dest: 2, sync: true });
  const streams = [destination, ...(options.sinks ?? [])].map((stream) => ({ level: "info" as const, stream }));
  const log = pino(
    {
      level: options.level,
      messageKey: "message",
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ severity: severity[label as Level] ?? "DEFAULT" }) },
    },
    pino.multistream(streams),
  );
  return {
    info: (message, fields) => log.info(allowed(fields), message),
    warn: (message, fields) => log.warn(allowed(fields), message),
    error: (message, fields) => log.error(allowed(fields), message),
    request(entry: RequestLogEntry) {
      const line = {
        requestId: entry.requestId,
        route: entry.route,
        method: entry.method,
        status: entry.status,
        latencyMs: entry.latencyMs,
        httpRequest: {
          requestMethod: entry.method,
          // The route pattern stands in for the URL: raw paths carry ids and signed-link secrets.
          requestUrl: entry.route,
          status: entry.status,
          latency: `${(entry.latencyMs / 1000).toFixed(3)}s`,
        },
        ...traceFields(entry.traceContext, options.projectId),
      };
      const message = `${entry.method} ${entry.route} ${entry.status}`;
      if (entry.status >= 500) log.error(line, message);
      else log.info(line, message);
    },
  };
}
