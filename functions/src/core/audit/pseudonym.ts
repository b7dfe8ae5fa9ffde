/**
 * The keyed hash that stands for a uid (or a staff member's IP) in the audit log once its account is erased
 * (DESIGN.md §9): HMAC-SHA256 under BEZ_AUDIT_KEY, base64url, behind a fixed prefix so a stored value says whether it is
 * already a pseudonym. Whoever holds the key can still find a given person's past events (to answer an authority, say)
 * by hashing their uid; nobody without it can tell whose events they were.
 */
import { createHmac } from "node:crypto";

const prefix = "erased:";

export function auditPseudonym(auditKey: Uint8Array, value: string): string {
  return prefix + createHmac("sha256", auditKey).update(value, "utf8").digest("base64url");
}

export function isAuditPseudonym(value: string): boolean {
  return value.startsWith(prefix);
}

/** The value as the tamper-evidence hashes see it: always the pseudonym, whether or not erasure has swapped it in yet. */
export function asPseudonym(auditKey: Uint8Array, value: string): string {
  return isAuditPseudonym(value) ? value : auditPseudonym(auditKey, value);
}
