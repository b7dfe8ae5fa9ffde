export { createFsBlobStore } from "./blob-store.ts";
export type { FsBlobStoreOptions } from "./blob-store.ts";
