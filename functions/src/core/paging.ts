/** Lists paged by an opaque cursor: a cursor the store cannot read is the caller's mistake (400), never a 500. */
import { type DocQuery, type DocQueryResult, type DocumentStore, StoreError } from "../ports.ts";
import { DomainError } from "./errors.ts";

export async function queryPage(store: Pick<DocumentStore, "query">, query: DocQuery): Promise<DocQueryResult> {
  try {
    return await store.query(query);
  } catch (error) {
    if (query.startAfter !== undefined && error instanceof StoreError && error.code === "invalid-argument") {
      throw new DomainError("invalid-request", "The cursor is not valid for this list.", [{ path: "cursor", message: "Invalid cursor" }]);
    }
    throw error;
  }
}
