/**
 * The append-only audit writer. Each event is its own document under `audit/`, keyed by a time-sortable
 * random id, so concurrent writers never contend on one hot document (Firestore sustains ~1 write/s per doc).
 * `create` (not `set`) means an id can never overwrite an earlier event.
 */
import { type AuditEvent, AuditEvent as AuditEventSchema } from "@bez/contracts";
import type { AuditInput, AuditLog, Clock, DocData, DocSnapshot, DocumentStore, Ids } from "../../ports.ts";

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

/**
 * A stored event as the API shows it. Lenient on purpose: a record someone edited into an unexpected shape is still
 * listed (and hashed as it is), so verification can point at it rather than the read failing.
 */
export function auditEventFromDoc(doc: DocSnapshot): AuditEvent {
  const data = doc.data;
  const at = data.at instanceof Date ? data.at.toISOString() : String(data.at);
  const parsed = AuditEventSchema.safeParse({ ...data, id: doc.id, at });
  if (parsed.success) return parsed.data;
  const actor = (data.actor ?? {}) as Record<string, unknown>;
  const target = (data.target ?? {}) as Record<string, unknown>;
  return {
    id: doc.id,
    at,
    actor: {
      uid: typeof actor.uid === "string" ? actor.uid : null,
      role: "anonymous",
      via: "system",
    },
    action: "audit.viewed",
    target: { type: String(target.type ?? "unknown"), id: String(target.id ?? "") },
    outcome: "error",
    requestId: String(data.requestId ?? ""),
    meta: { malformed: true },
  };
}
