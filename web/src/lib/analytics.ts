/**
 * Analytics consent and the PostHog loader. Nothing here runs before the user says yes: the choice lives in
 * localStorage, and PostHog's script is only added to the page after consent AND only when the deployment
 * configured a key (BEZ_POSTHOG_KEY). Without a key no analytics code is ever fetched.
 */
export type AnalyticsChoice = "granted" | "denied";

export const analyticsStorageKey = "bez:analytics-consent";

export function readAnalyticsChoice(): AnalyticsChoice | null {
  try {
    const value = window.localStorage.getItem(analyticsStorageKey);
    return value === "granted" || value === "denied" ? value : null;
  } catch {
    return null;
  }
}

export function writeAnalyticsChoice(choice: AnalyticsChoice): void {
  try {
    window.localStorage.setItem(analyticsStorageKey, choice);
  } catch {
    // Storage off: the banner asks again next visit, and nothing loads meanwhile.
  }
}

interface PostHogGlobal {
  init(key: string, options: Record<string, unknown>): void;
  opt_out_capturing?: () => void;
}

let loading = false;

/** Adds PostHog's script (same-origin rules: CSP connect-src lists the host only when a key is set). */
export function loadPostHog(config: { key: string; host: string }): void {
  if (loading) return;
  loading = true;
  const assets = config.host.replace(/^https:\/\/([a-z]+)\.i\.posthog\.com$/, "https://$1-assets.i.posthog.com");
  const script = document.createElement("script");
  script.async = true;
  script.src = `${assets}/static/array.js`;
  script.onload = () => {
    const ph = (window as unknown as { posthog?: PostHogGlobal }).posthog;
    ph?.init(config.key, {
      api_host: config.host,
      persistence: "localStorage",
      autocapture: false,
      capture_pageview: true,
      disable_session_recording: true,
      ip: false,
    });
  };
  document.head.appendChild(script);
}

/** Stops capturing in this page (a withdrawn consent; the script goes away with the next page load). */
export function stopPostHog(): void {
  (window as unknown as { posthog?: PostHogGlobal }).posthog?.opt_out_capturing?.();
}
