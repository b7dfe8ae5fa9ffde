"use client";

import { auditActions, type AuditAction } from "@bez/contracts";
import { useId, useState, type FormEvent } from "react";
import { Button, Input, inputClasses, Label } from "@/components/ui";
import type { AuditFilters } from "@/lib/api";
import { cn } from "@/lib/cn";

/** `datetime-local` wants local "YYYY-MM-DDTHH:mm"; the API and the URL hold ISO instants. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

const targetTypePattern = /^[a-z-]+$/;

type Draft = Record<"action" | "actor" | "targetType" | "targetId" | "from" | "to", string>;

function draftOf(filters: AuditFilters): Draft {
  return {
    action: filters.action ?? "",
    actor: filters.actor ?? "",
    targetType: filters.targetType ?? "",
    targetId: filters.targetId ?? "",
    from: toLocalInput(filters.from),
    to: toLocalInput(filters.to),
  };
}

/** The audit log's filters. Applied together on submit, so the URL (and the CSV) always match what is shown. */
export function AuditFiltersForm({
  filters,
  onApply,
  serverErrors,
}: {
  filters: AuditFilters;
  onApply: (filters: AuditFilters) => void;
  /** Messages the API sent for fields it refused (by query parameter name). */
  serverErrors: Partial<Record<keyof Draft, string>>;
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(filters));
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  const actionId = useId();
  const set = (name: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [name]: e.target.value }));
  const shown = { ...serverErrors, ...errors };

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const from = fromLocalInput(draft.from);
    const to = fromLocalInput(draft.to);
    const targetType = draft.targetType.trim();
    const found: Partial<Record<keyof Draft, string>> = {};
    if (targetType && !targetTypePattern.test(targetType)) found.targetType = "Use lowercase letters and hyphens, e.g. user or image.";
    if (from && to && Date.parse(from) > Date.parse(to)) found.to = "The end must be after the start.";
    setErrors(found);
    if (Object.keys(found).length) return;
    onApply({
      action: (draft.action || undefined) as AuditAction | undefined,
      actor: draft.actor.trim() || undefined,
      targetType: targetType || undefined,
      targetId: draft.targetId.trim() || undefined,
      from,
      to,
    });
  }

  function clear() {
    const empty = draftOf({});
    setDraft(empty);
    setErrors({});
    onApply({});
  }

  return (
    <form onSubmit={submit} aria-label="Filter the audit log" className="rounded-[var(--radius-card)] border border-line bg-surface p-5 shadow-[var(--shadow-card)]">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <div>
          <Label htmlFor={actionId}>Action</Label>
          <select id={actionId} value={draft.action} onChange={set("action")} className={cn(inputClasses, "h-11 pr-8")}>
            <option value="">All actions</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <Input label="Actor uid" value={draft.actor} onChange={set("actor")} placeholder="e.g. 9hQ2…" autoComplete="off" spellCheck={false} error={shown.actor} />
        <Input label="Target type" value={draft.targetType} onChange={set("targetType")} placeholder="user, image, token…" autoComplete="off" spellCheck={false} error={shown.targetType} />
        <Input label="Target id" value={draft.targetId} onChange={set("targetId")} autoComplete="off" spellCheck={false} error={shown.targetId} />
        <Input label="From" type="datetime-local" value={draft.from} onChange={set("from")} error={shown.from} />
        <Input label="To" type="datetime-local" value={draft.to} onChange={set("to")} error={shown.to} />
      </div>
      <div className="mt-5 flex flex-wrap items-center gap-3">
        <Button type="submit">Apply filters</Button>
        <Button variant="ghost" onClick={clear}>
          Clear
        </Button>
        <p className="text-[13px] text-muted">Times are in your time zone.</p>
      </div>
    </form>
  );
}
