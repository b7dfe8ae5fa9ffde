export { createEmbeddedStore } from "./document-store.ts";
export type { EmbeddedDocumentStore, EmbeddedStoreOptions } from "./document-store.ts";
export { JOURNAL_FILE } from "./journal.ts";
