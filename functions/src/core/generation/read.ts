/** Reading generations: one (prompt decrypted for its owner), a page of them, and the event view for SSE. */
import type { Generation, GenerationEvent, GenerationList, ListQuery } from "@bez/contracts";
import { DomainError } from "../errors.ts";
import { open } from "../vault/envelope.ts";
import type { GenerationDeps } from "./deps.ts";
import { type GenerationDoc, generationPath, generationsCollection, toEvent, toGeneration } from "./records.ts";
import { queryPage } from "../paging.ts";

type ReadDeps = Pick<GenerationDeps, "store" | "vault">;

const notFound = () => new DomainError("not-found", "There is no such generation.");

async function loadDoc(deps: Pick<GenerationDeps, "store">, uid: string, id: string): Promise<GenerationDoc> {
  const snapshot = await deps.store.get(generationPath(uid, id));
  if (!snapshot) throw notFound();
  return snapshot.data as GenerationDoc;
}

async function decryptor(deps: ReadDeps, uid: string): Promise<(id: string, doc: GenerationDoc) => Generation> {
  const key = await deps.vault.dataKeys.find(uid);
  // Without the data key (erased account) nothing of the user's can be read: the generation is gone for them too.
  if (!key) throw notFound();
  return (id, doc) => toGeneration(id, doc, open(key, { uid, kind: "prompt", id }, doc.prompt).toString("utf8"));
}

export async function getGeneration(deps: ReadDeps, uid: string, id: string): Promise<Generation> {
  const doc = await loadDoc(deps, uid, id);
  return (await decryptor(deps, uid))(id, doc);
}

export async function listGenerations(deps: ReadDeps, uid: string, query: ListQuery): Promise<GenerationList> {
  const page = await queryPage(deps.store, {
    collection: generationsCollection(uid),
    orderBy: { field: "createdAt", direction: "desc" },
    limit: query.limit,
    startAfter: query.cursor,
  });
  if (page.docs.length === 0) return { items: [], nextCursor: null };
  const view = await decryptor(deps, uid);
  return { items: page.docs.map((d) => view(d.id, d.data as GenerationDoc)), nextCursor: page.nextCursor };
}

export async function getGenerationEvent(deps: Pick<GenerationDeps, "store">, uid: string, id: string): Promise<GenerationEvent> {
  return toEvent(id, await loadDoc(deps, uid, id));
}
