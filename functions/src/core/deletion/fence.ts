/**
 * The erasure fence: a write that would create a user's data key or a record of theirs first checks, inside its own
 * transaction, that no erasure of that user is under way. A request that passed its status check before the erasure
 * began then fails at its write instead of re-creating what the erasure already removed; the erasure's work record
 * keeps the uid until its final re-sweep, so the fence holds for as long as such a request can live.
 */
import type { Transaction } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import { deletionJobsCollection } from "./records.ts";

/** Must run before the transaction's first write (Firestore's reads-before-writes rule). */
export async function refuseIfErasing(tx: Transaction, uid: string): Promise<void> {
  const erasing = await tx.query({ collection: deletionJobsCollection, where: [{ field: "uid", op: "==", value: uid }], limit: 1 });
  if (erasing.docs.length > 0) throw new DomainError("not-found", "This account is being deleted.");
}
