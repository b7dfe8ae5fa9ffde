import type { AuditEvent } from "@bez/contracts";
import type { BadgeTone } from "@/components/ui";

export const outcomeLabels: Record<AuditEvent["outcome"], { label: string; tone: BadgeTone }> = {
  success: { label: "Success", tone: "success" },
  denied: { label: "Denied", tone: "warning" },
  error: { label: "Error", tone: "danger" },
};

export const viaLabels: Record<AuditEvent["actor"]["via"], string> = {
  "id-token": "web session",
  pat: "access token",
  system: "system",
};

/** Who acted, in a few words: a uid, or what stands in for one. */
export function actorName(actor: AuditEvent["actor"]): string {
  if (actor.uid) return actor.uid;
  return actor.role === "system" ? "Bez (automatic)" : "Not signed in";
}

/** Exact time with seconds, in the browser's zone: audits need more than "5 min ago". */
export function formatAuditTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).format(d);
}
