/**
 * The keyed hash that stands for a uid in the audit log once its account is erased (DESIGN.md §9): HMAC-SHA256
 * under BEZ_AUDIT_KEY, base64url. Whoever holds the key can still find a given person's past events (to answer an
 * authority, say) by hashing their uid; nobody without it can tell whose events they were.
 */
import { createHmac } from "node:crypto";

export function auditPseudonym(auditKey: Uint8Array, uid: string): string {
  return createHmac("sha256", auditKey).update(uid, "utf8").digest("base64url");
}
