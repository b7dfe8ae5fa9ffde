/**
 * Web Vitals after consent: queued per page and posted to this app's /vitals relay, which adds Axiom's token on the
 * server (the browser never holds it, and Axiom never sees a visitor's address). Sent when the page is hidden or a
 * few seconds after the last metric; a withdrawn consent empties the queue and drops every later metric.
 */
import { webVitalNames, type WebVital, type WebVitalsReport } from "@bez/contracts";
import { routePattern } from "./route-pattern";

const FLUSH_AFTER_MS = 3_000;
const reportable = new Set<string>(webVitalNames);

let enabled = false;
let queue: WebVital[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** What web-vitals hands to `useReportWebVitals` (only the fields the report keeps). */
export interface MeasuredVital {
  name: string;
  value: number;
  rating: WebVital["rating"];
  navigationType: WebVital["navigationType"];
}

function flush(): void {
  clearTimeout(timer);
  if (!enabled || queue.length === 0) return;
  const report: WebVitalsReport = { route: routePattern(window.location.pathname), vitals: queue.splice(0, 20) };
  const body = new Blob([JSON.stringify(report)], { type: "application/json" });
  // A beacon survives the page going away; fetch with keepalive where beacons are refused.
  if (!navigator.sendBeacon("/vitals", body)) {
    void fetch("/vitals", { method: "POST", body, keepalive: true, credentials: "omit" }).catch(() => undefined);
  }
  if (queue.length > 0) flush();
}

function onHidden(): void {
  if (document.visibilityState === "hidden") flush();
}

export function enableVitals(): void {
  if (enabled) return;
  enabled = true;
  document.addEventListener("visibilitychange", onHidden);
}

export function disableVitals(): void {
  enabled = false;
  queue = [];
  clearTimeout(timer);
  document.removeEventListener("visibilitychange", onHidden);
}

export function recordVital(metric: MeasuredVital): void {
  if (!enabled || !reportable.has(metric.name)) return;
  queue.push({
    name: metric.name as WebVital["name"],
    value: Math.max(0, Math.round(metric.value * 1000) / 1000),
    rating: metric.rating,
    navigationType: metric.navigationType,
  });
  clearTimeout(timer);
  timer = setTimeout(flush, FLUSH_AFTER_MS);
}
