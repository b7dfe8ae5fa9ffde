/** What the browser may know about the deployment. Built by src/config.ts on the server. */
export interface PublicConfig {
  /** Base URL of the Bez API, without a trailing slash. */
  apiUrl: string;
  projectId: string;
  /** `host:port` of the Firebase Auth emulator; null in production. */
  authEmulatorHost: string | null;
  firebaseApiKey: string;
  firebaseAuthDomain: string | null;
  /** PostHog, only when BEZ_POSTHOG_KEY is set; null: no analytics code exists in the page at all. */
  analytics: { key: string; host: string } | null;
  /** Whether Web Vitals may be reported (to this app's /vitals relay) after consent: Axiom is configured. */
  vitals: boolean;
}
