/** `GET /v1/deletions/{id}`: the public receipt of an erasure. */
import type { DeletionReceipt } from "@bez/contracts";
import type { DocumentStore } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import { type DeletionDoc, deletionPath, toReceipt } from "./records.ts";

export async function getReceipt(store: DocumentStore, deletionId: string): Promise<DeletionReceipt> {
  const snapshot = await store.get(deletionPath(deletionId));
  if (!snapshot) throw new DomainError("not-found", "There is no deletion with this id.");
  return toReceipt(deletionId, snapshot.data as DeletionDoc);
}
