/**
 * Signed content links for <img src> (an <img> cannot send the Bearer token). Links live at most five minutes, so
 * they are cached until shortly before they expire and fetched again on demand — or when an <img> fails to load.
 */
import type { ImageWithLink } from "@bez/contracts";
import type { ApiClient } from "./api";

/** A link this close to its expiry is not handed out any more (an image may take a moment to start loading). */
const SAFETY_MS = 30_000;

export class SignedLinks {
  private readonly links = new Map<string, ImageWithLink>();
  private readonly pending = new Map<string, Promise<ImageWithLink>>();

  constructor(private readonly api: ApiClient) {}

  /** The image's record and a fresh-enough link; `fresh` skips the cache (after an <img> error). */
  get(id: string, fresh = false): Promise<ImageWithLink> {
    const cached = this.links.get(id);
    if (!fresh && cached && Date.parse(cached.urlExpiresAt) - Date.now() > SAFETY_MS) return Promise.resolve(cached);
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight;
    const request = this.api
      .getImage(id)
      .then((image) => {
        this.links.set(id, image);
        return image;
      })
      .finally(() => this.pending.delete(id));
    this.pending.set(id, request);
    return request;
  }

  forget(id: string): void {
    this.links.delete(id);
  }
}

/** The link with a `width` (the API serves small widths from the stored thumbnail). */
export function withWidth(url: string, width: number): string {
  const u = new URL(url);
  u.searchParams.set("width", String(width));
  return u.toString();
}

const caches = new WeakMap<ApiClient, SignedLinks>();

/** One cache per signed-in client (a new user gets a new client, hence a new cache). */
export function signedLinksFor(api: ApiClient): SignedLinks {
  let cache = caches.get(api);
  if (!cache) {
    cache = new SignedLinks(api);
    caches.set(api, cache);
  }
  return cache;
}
