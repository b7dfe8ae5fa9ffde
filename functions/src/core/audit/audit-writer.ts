/**
 * The append-only audit writer. Each event is its own document under `audit/`, keyed by a time-sortable
 * random id, so concurrent writers never contend on one hot document (Firestore sustains ~1 write/s per doc).
 * `create` (not `set`) means an id can never overwrite an earlier event.
 */
import type { AuditEvent } from "@bez/contracts";
import type { AuditInput, AuditLog, Clock, DocData, DocumentStore, Ids } from "../../ports.ts";

export const auditCollection = "audit";

export function createAuditWriter(deps: { store: DocumentStore; clock: Clock; ids: Ids }): AuditLog {
  return {
    async record(input: AuditInput): Promise<AuditEvent> {
      const at = deps.clock.now();
      const event: AuditEvent = { id: deps.ids.next(), at: at.toISOString(), ...input };
      await deps.store.create(`${auditCollection}/${event.id}`, toDoc(event, at));
      return event;
    },
  };
}

function toDoc(event: AuditEvent, at: Date): DocData {
  const doc: DocData = {
    at,
    actor: { ...event.actor },
    action: event.action,
    target: { ...event.target },
    outcome: event.outcome,
    requestId: event.requestId,
  };
  if (event.ip !== undefined) doc.ip = event.ip;
  if (event.meta !== undefined) doc.meta = { ...event.meta };
  return doc;
}
