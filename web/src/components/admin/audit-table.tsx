"use client";

import type { AuditEvent } from "@bez/contracts";
import { Badge } from "@/components/ui";
import { actorName, formatAuditTime, outcomeLabels, viaLabels } from "./audit-format";

/**
 * Audit events, newest first. A whole row opens the details on click; for keyboard users the action in each row
 * is the button that does it. Scrolls sideways on narrow screens rather than squeezing the columns.
 */
export function AuditTable({ events, onOpen }: { events: AuditEvent[]; onOpen: (event: AuditEvent) => void }) {
  return (
    <div className="overflow-x-auto rounded-[var(--radius-card)] border border-line bg-surface shadow-[var(--shadow-card)]">
      <table className="w-full min-w-[880px] border-collapse text-left text-sm">
        <caption className="sr-only">Audit events, newest first. Choose an action to see every detail of the event.</caption>
        <thead className="border-b border-line bg-canvas/60 text-[12px] uppercase tracking-[0.08em] text-muted">
          <tr>
            <th scope="col" className="px-4 py-3 font-medium">Time</th>
            <th scope="col" className="px-4 py-3 font-medium">Action</th>
            <th scope="col" className="px-4 py-3 font-medium">Actor</th>
            <th scope="col" className="px-4 py-3 font-medium">Target</th>
            <th scope="col" className="px-4 py-3 font-medium">Outcome</th>
            <th scope="col" className="px-4 py-3 font-medium">Request</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {events.map((event) => {
            const outcome = outcomeLabels[event.outcome];
            return (
              <tr
                key={event.id}
                onClick={() => onOpen(event)}
                className="cursor-pointer align-top transition-colors hover:bg-sunken/60"
                data-testid="audit-row"
                data-event-id={event.id}
              >
                <td className="whitespace-nowrap px-4 py-3 tabular-nums text-ink-soft">
                  <time dateTime={event.at}>{formatAuditTime(event.at)}</time>
                </td>
                <td className="px-4 py-3">
                  <button
                    type="button"
                    onClick={(e) => {
                      e.stopPropagation();
                      onOpen(event);
                    }}
                    className="rounded text-left font-mono text-[13px] font-medium text-ink underline-offset-4 hover:underline"
                    aria-label={`${event.action} at ${formatAuditTime(event.at)}: show details`}
                  >
                    {event.action}
                  </button>
                </td>
                <td className="max-w-[220px] px-4 py-3">
                  <span className="block truncate font-mono text-[12.5px] text-ink" title={actorName(event.actor)}>
                    {actorName(event.actor)}
                  </span>
                  <span className="text-[12px] text-muted">
                    {event.actor.role} · {viaLabels[event.actor.via]}
                  </span>
                </td>
                <td className="max-w-[220px] px-4 py-3">
                  <span className="text-[12px] text-muted">{event.target.type}</span>
                  <span className="block truncate font-mono text-[12.5px] text-ink" title={event.target.id}>
                    {event.target.id}
                  </span>
                </td>
                <td className="px-4 py-3">
                  <Badge tone={outcome.tone}>{outcome.label}</Badge>
                </td>
                <td className="max-w-[160px] px-4 py-3">
                  <span className="block truncate font-mono text-[12px] text-muted" title={event.requestId}>
                    {event.requestId}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
