/**
 * The hash each audit event contributes to its digest. Its uid fields (actor uid, a user target's id) and its IP are
 * hashed as their keyed pseudonyms, so erasure — which swaps those raw values for the same pseudonyms — leaves every
 * hash, and so verification, unchanged (DESIGN.md §9). Every other field is covered as stored.
 */
import { createHash } from "node:crypto";
import type { AuditEvent } from "@bez/contracts";
import { canonicalJson } from "./canonical-json.ts";
import { asPseudonym } from "./pseudonym.ts";

export function auditEventHash(auditKey: Uint8Array, event: AuditEvent): string {
  const canonical = canonicalJson({
    id: event.id,
    at: event.at,
    actor: {
      uid: event.actor.uid === null ? null : asPseudonym(auditKey, event.actor.uid),
      role: event.actor.role,
      via: event.actor.via,
    },
    action: event.action,
    target: { type: event.target.type, id: event.target.type === "user" ? asPseudonym(auditKey, event.target.id) : event.target.id },
    outcome: event.outcome,
    requestId: event.requestId,
    ip: event.ip === undefined ? undefined : asPseudonym(auditKey, event.ip),
    meta: event.meta,
  });
  return createHash("sha256").update(canonical, "utf8").digest("base64url");
}
