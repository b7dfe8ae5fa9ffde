/**
 * The residue scanner: looks for a user's uid (and email, when given) in every store — every document of every
 * collection at any depth (paths and values), every blob key under u/, every Redis key — and asks Auth whether the
 * account still exists. Used by `npm run residue` and by the erasure tests; an empty report means nothing is left.
 *
 * A uid matches only as a whole token (not inside a longer id), so "abc" is not found in another user's "abcd".
 */
import type { BlobStore, DocValue, DocumentStore, Identity, KeyInspector } from "../../ports.ts";

export interface ResidueDeps {
  store: DocumentStore;
  blobs: BlobStore;
  identity: Identity;
  keys: KeyInspector;
}

export interface ResidueHit {
  where: "document" | "blob" | "redis" | "auth";
  /** The document path, blob key or Redis key (or "uid"/"email" for Auth). */
  ref: string;
  /** Which field of a document, when the hit is in a value. */
  field?: string;
}

const PAGE = 500;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A finder for `needle` standing alone: not preceded or followed by a letter or digit. */
function tokenFinder(needle: string, flags = ""): (text: string) => boolean {
  const pattern = new RegExp(`(?<![A-Za-z0-9])${escape(needle)}(?![A-Za-z0-9])`, flags);
  return (text) => pattern.test(text);
}

/** Field paths of `value` whose string (or map key) matches. */
function matchingFields(value: DocValue, matches: (text: string) => boolean, path: string, out: string[]): void {
  if (typeof value === "string") {
    if (matches(value)) out.push(path || "(value)");
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => matchingFields(item, matches, `${path}[${index}]`, out));
  } else if (value !== null && typeof value === "object" && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    for (const [key, inner] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (matches(key)) out.push(at);
      matchingFields(inner, matches, at, out);
    }
  }
}

export async function scanResidue(deps: ResidueDeps, needle: { uid: string; email?: string }): Promise<ResidueHit[]> {
  const hits: ResidueHit[] = [];
  const finders = [tokenFinder(needle.uid), ...(needle.email ? [tokenFinder(needle.email, "i")] : [])];
  const matches = (text: string) => finders.some((find) => find(text));

  const visited = new Set<string>();
  const walk = async (collection: string): Promise<void> => {
    if (visited.has(collection)) return;
    visited.add(collection);
    if (matches(collection)) hits.push({ where: "document", ref: collection });
    let cursor: string | undefined;
    do {
      const page = await deps.store.query({ collection, limit: PAGE, startAfter: cursor });
      for (const doc of page.docs) {
        const fields: string[] = [];
        matchingFields(doc.data, matches, "", fields);
        if (matches(doc.id)) hits.push({ where: "document", ref: doc.path });
        for (const field of fields) hits.push({ where: "document", ref: doc.path, field });
        for (const sub of await deps.store.listCollections(doc.path)) await walk(`${doc.path}/${sub}`);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  };
  const roots = await deps.store.listCollections();
  for (const root of roots) await walk(root);
  // Subcollections outlive their parent document, which the walk above would not visit: look under the uid too.
  for (const root of roots) {
    const parent = `${root}/${needle.uid}`;
    for (const sub of await deps.store.listCollections(parent)) await walk(`${parent}/${sub}`);
  }

  for (const key of await deps.blobs.list("u/")) if (matches(key)) hits.push({ where: "blob", ref: key });
  for (const text of [needle.uid, ...(needle.email ? [needle.email] : [])]) {
    for (const key of await deps.keys.keysContaining(text)) if (matches(key)) hits.push({ where: "redis", ref: key });
  }

  if (await deps.identity.hasUser({ uid: needle.uid })) hits.push({ where: "auth", ref: "uid" });
  if (needle.email && (await deps.identity.hasUser({ email: needle.email }))) hits.push({ where: "auth", ref: "email" });
  return hits;
}
