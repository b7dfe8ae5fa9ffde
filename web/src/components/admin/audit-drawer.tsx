"use client";

import type { AuditEvent } from "@bez/contracts";
import type { ReactNode } from "react";
import { Badge, Dialog } from "@/components/ui";
import { actorName, formatAuditTime, outcomeLabels, viaLabels } from "./audit-format";

function Row({ label, children, mono }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-[120px_minmax(0,1fr)] sm:gap-4">
      <dt className="text-[13px] text-muted">{label}</dt>
      <dd className={mono ? "font-mono text-[13px] text-ink [overflow-wrap:anywhere]" : "text-sm text-ink [overflow-wrap:anywhere]"}>
        {children}
      </dd>
    </div>
  );
}

/** Every field of one audit event, in a panel on the right. A dialog: Esc closes, focus stays inside. */
export function AuditDrawer({ event, onClose }: { event: AuditEvent | null; onClose: () => void }) {
  const outcome = event ? outcomeLabels[event.outcome] : null;
  const meta = event?.meta ? Object.entries(event.meta) : [];
  return (
    <Dialog
      open={event !== null}
      onClose={onClose}
      title="Audit event"
      description={event ? <span className="font-mono text-[13px]">{event.action}</span> : null}
      size="lg"
      className="my-0 mr-0 h-dvh max-h-dvh! w-[min(560px,100vw)]! rounded-none rounded-l-[var(--radius-card)]"
    >
      {event && outcome ? (
        <div className="-mx-6 mt-5 min-h-0 flex-1 overflow-y-auto px-6 sm:-mx-7 sm:px-7" data-testid="audit-drawer">
          <dl className="divide-y divide-line border-y border-line">
            <Row label="Event id" mono>
              {event.id}
            </Row>
            <Row label="Time">
              <time dateTime={event.at}>{formatAuditTime(event.at)}</time>
              <span className="block font-mono text-[12px] text-muted">{event.at}</span>
            </Row>
            <Row label="Action" mono>
              {event.action}
            </Row>
            <Row label="Outcome">
              <Badge tone={outcome.tone}>{outcome.label}</Badge>
            </Row>
            <Row label="Actor" mono>
              {actorName(event.actor)}
            </Row>
            <Row label="Actor role">{event.actor.role}</Row>
            <Row label="Signed in via">{viaLabels[event.actor.via]}</Row>
            <Row label="Target">
              {event.target.type} <span className="font-mono text-[13px]">{event.target.id}</span>
            </Row>
            <Row label="Request id" mono>
              {event.requestId}
            </Row>
            <Row label="IP address" mono>
              {event.ip ?? <span className="font-sans text-muted">Not recorded (only for staff and IP-lock refusals)</span>}
            </Row>
          </dl>
          <h3 className="mt-6 text-[13px] font-semibold text-ink">Details</h3>
          {meta.length === 0 ? (
            <p className="mt-1 text-sm text-muted">This event has no further details.</p>
          ) : (
            <dl className="mt-2 divide-y divide-line rounded-lg border border-line bg-canvas/60 px-4">
              {meta.map(([key, value]) => (
                <Row key={key} label={key} mono>
                  {value === null ? "null" : String(value)}
                </Row>
              ))}
            </dl>
          )}
        </div>
      ) : null}
    </Dialog>
  );
}
