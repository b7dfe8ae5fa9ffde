"use client";

import type { AuditVerification } from "@bez/contracts";
import { ShieldAlert, ShieldCheck } from "lucide-react";
import { formatNumber } from "@/lib/format";
import { formatAuditTime } from "./audit-format";

/** Where verification stopped matching: an event id, or `digest:<n>` for a signed digest. */
function brokenPoint(at: string | null): string {
  if (!at) return "an unknown point";
  const digest = /^digest:(\d+)$/.exec(at);
  return digest ? `digest ${digest[1]}` : at;
}

/** The verdict of an audit verification: green when the record matches its signed digests, red when it does not. */
export function AuditVerdict({ result }: { result: AuditVerification }) {
  if (result.ok) {
    return (
      <div role="status" className="flex gap-3 rounded-xl border border-success/30 bg-success-soft px-5 py-4" data-testid="audit-verdict" data-ok="true">
        <ShieldCheck aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-success" />
        <div className="min-w-0 text-sm leading-relaxed">
          <p className="text-[15px] font-semibold text-success">
            Intact — {formatNumber(result.checked)} events, {formatNumber(result.digests)} digests checked
          </p>
          <p className="mt-0.5 text-ink-soft">
            {result.digests === 0
              ? "No digest has been sealed yet, so there was nothing to check against."
              : "Every sealed event matches its signed digest: nothing was changed or removed."}
            {result.pending > 0
              ? ` ${formatNumber(result.pending)} newer ${result.pending === 1 ? "event is" : "events are"} not sealed yet; the next digest covers ${result.pending === 1 ? "it" : "them"}, so verify again in a few minutes to include ${result.pending === 1 ? "it" : "them"}.`
              : null}
          </p>
          <p className="mt-1 text-[12px] text-muted">Checked {formatAuditTime(result.verifiedAt)}</p>
        </div>
      </div>
    );
  }
  return (
    <div role="alert" className="flex gap-3 rounded-xl border border-danger/35 bg-danger-soft px-5 py-4" data-testid="audit-verdict" data-ok="false">
      <ShieldAlert aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-danger" />
      <div className="min-w-0 text-sm leading-relaxed">
        <p className="text-[15px] font-semibold text-danger [overflow-wrap:anywhere]">
          Tampering detected at <span className="font-mono" data-testid="audit-broken-at">{brokenPoint(result.firstBrokenAt)}</span>
          {result.reason ? `: ${result.reason}` : null}
        </p>
        <p className="mt-1 text-ink-soft">
          The stored audit record no longer matches what was signed when it was written, so someone or something changed
          it. Don’t edit or delete anything. Download the CSV now as evidence, note the time of this check, and tell
          your security lead: nothing from this point on can be trusted until it has been investigated.
        </p>
        <p className="mt-1 text-[12px] text-muted">
          {result.checked > 0 || result.digests > 0
            ? `${formatNumber(result.checked)} events and ${formatNumber(result.digests)} digests checked before the break · `
            : null}
          Checked {formatAuditTime(result.verifiedAt)}
        </p>
      </div>
    </div>
  );
}
