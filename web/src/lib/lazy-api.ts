/**
 * The API client behind a loader: lib/api.ts (with zod and every contract schema) is fetched on the first call, so
 * pages that never call the API — the marketing pages — never download it. Every client method is async, so a
 * call made before the module arrives simply waits for it.
 */
import type { ApiClient, TokenSource } from "./api";

type Method = (...args: unknown[]) => Promise<unknown>;

export function lazyApiClient(baseUrl: string, getToken: TokenSource): ApiClient {
  let client: Promise<ApiClient> | undefined;
  const load = () => (client ??= import("./api").then((m) => m.createApiClient(baseUrl, getToken)));
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
