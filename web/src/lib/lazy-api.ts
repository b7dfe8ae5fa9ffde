/**
 * The API client behind a loader: lib/api.ts (with zod and every contract schema) is fetched on the first call, so
 * pages that never call the API — the marketing pages — never download it. Every client method is async, so a
 * call made before the module arrives simply waits for it.
 */
import type { ApiClient, TokenSource } from "./api";

type Method = (...args: unknown[]) => Promise<unknown>;

const loadModule = () => import("./api");

/**
 * Fetches and evaluates the client ahead of its first call. Pages that call the API as soon as Firebase answers
 * (the signed-in ones) start this beside the Firebase download, instead of only after the session is known.
 */
export function preloadApiClient(): void {
  void loadModule();
}

export function lazyApiClient(baseUrl: string, getToken: TokenSource): ApiClient {
  let client: Promise<ApiClient> | undefined;
  const load = () => (client ??= loadModule().then((m) => m.createApiClient(baseUrl, getToken)));
  return new Proxy({} as ApiClient, {
    get(_target, name) {
      // Not a thenable, not a symbol-keyed protocol: only the client's named methods are forwarded.
      if (typeof name !== "string" || name === "then") return undefined;
      return async (...args: unknown[]) => {
        const loaded = await load();
        return (loaded[name as keyof ApiClient] as Method)(...args);
      };
    },
  });
}
