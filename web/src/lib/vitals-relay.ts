/**
 * The server half of Web Vitals: checks a browser's report and forwards it to Axiom's ingest API with the token only
 * this server holds. Axiom sees this server, never the visitor: no address, no user agent, no cookie.
 */
import "server-only";
import { WebVitalsReport } from "@bez/contracts";
import { problemResponse } from "./problem-response";

const MAX_BODY_BYTES = 8_192;
const INGEST_TIMEOUT_MS = 5_000;

export type RelayCheck = { ok: true; report: WebVitalsReport } | { ok: false; response: Response };

/** Same-origin beacons only (Sec-Fetch-Site, sent by every current browser), small, and exactly the contract's shape. */
export async function readReport(request: Request): Promise<RelayCheck> {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") {
    return { ok: false, response: problemResponse(403, "forbidden", "Web Vitals are accepted from this site's pages only.") };
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return { ok: false, response: problemResponse(413, "payload-too-large", "The report is larger than 8 KB.") };
  }
  const text = await request.text();
  if (new TextEncoder().encode(text).byteLength > MAX_BODY_BYTES) {
    return { ok: false, response: problemResponse(413, "payload-too-large", "The report is larger than 8 KB.") };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, response: problemResponse(400, "invalid-json", "The body is not JSON.") };
  }
  const parsed = WebVitalsReport.safeParse(json);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return { ok: false, response: problemResponse(400, "invalid-request", "The report does not match the Web Vitals contract.", errors) };
  }
  return { ok: true, report: parsed.data };
}

/** One Axiom event per metric. Failures are counted in the server log by status only, never with the payload. */
export async function forwardToAxiom(axiom: { ingestUrl: string; token: string }, report: WebVitalsReport): Promise<void> {
  const at = new Date().toISOString();
  const events = report.vitals.map((v) => ({ _time: at, source: "web-vitals", route: report.route, ...v }));
  try {
    const response = await fetch(axiom.ingestUrl, {
      method: "POST",
      headers: { Authorization: `Bearer ${axiom.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(events),
      signal: AbortSignal.timeout(INGEST_TIMEOUT_MS),
    });
    if (!response.ok) console.warn(`web vitals: Axiom ingest answered ${response.status}; ${events.length} events dropped`);
  } catch (err) {
    console.warn(`web vitals: Axiom ingest unreachable (${(err as Error).name}); ${events.length} events dropped`);
  }
}
