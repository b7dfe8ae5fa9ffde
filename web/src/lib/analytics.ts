/**
 * Analytics consent and the PostHog client. Nothing here runs before the user says yes: the choice lives in
 * localStorage, and posthog-js (bundled from npm, in its build that never loads a script from elsewhere) is imported
 * only after consent AND only when the deployment configured a key (BEZ_POSTHOG_KEY).
 */
import type { PostHog } from "posthog-js";
import { routePattern } from "./route-pattern";

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

/**
 * URL-valued properties PostHog fills in ($current_url, $pathname, $session_entry_url, $initial_referrer…); each is
 * cut down to origin + route pattern, so a sign-in link's code or an unlock token in a query string is never sent.
 */
const isUrlProperty = (name: string) => /(url|pathname|referrer)$/i.test(name);

function scrubProperties(properties: Record<string, unknown> | undefined): void {
  if (!properties) return;
  for (const name of Object.keys(properties)) if (isUrlProperty(name)) properties[name] = scrubUrl(properties[name]);
}

function scrubUrl(value: unknown): unknown {
  if (typeof value !== "string" || value === "" || value === "$direct") return value;
  if (value.startsWith("/")) return routePattern(value);
  try {
    const url = new URL(value);
    return url.origin === window.location.origin ? `${url.origin}${routePattern(url.pathname)}` : url.origin;
  } catch {
    return null;
  }
}

let client: Promise<PostHog> | null = null;

/** Imports and starts posthog-js once per page; a second consent in the same page opts back in. */
export function startPostHog(config: { key: string; host: string }): void {
  client ??= import("posthog-js/no-external").then(({ default: posthog }) => {
    posthog.init(config.key, {
      api_host: config.host,
      persistence: "localStorage",
      autocapture: false,
      capture_pageview: "history_change",
      capture_pageleave: false,
      capture_performance: false,
      capture_exceptions: false,
      disable_session_recording: true,
      disable_surveys: true,
      disable_product_tours: true,
      disable_external_dependency_loading: true,
      advanced_disable_flags: true,
      save_referrer: false,
      mask_personal_data_properties: true,
      before_send: (event) => {
        scrubProperties(event.properties);
        scrubProperties(event.$set);
        scrubProperties(event.$set_once);
        return event;
      },
    });
    return posthog;
  });
  void client.then((posthog) => {
    // PostHog remembers an earlier opt-out in its own storage; this consent is newer.
    if (posthog.has_opted_out_capturing()) posthog.opt_in_capturing();
  });
}

/** A withdrawn consent: PostHog stops capturing and remembers it (nothing is sent until a new yes). */
export function stopPostHog(): void {
  void client?.then((posthog) => posthog.opt_out_capturing());
}
