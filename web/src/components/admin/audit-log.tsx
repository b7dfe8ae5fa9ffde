"use client";

import { AuditAction, type AuditEvent, type AuditVerification } from "@bez/contracts";
import { Download, ScrollText, ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useAppPathname, useAppSearchParams } from "@/lib/app-navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { ProblemAlert } from "@/components/settings/section";
import { Button, LiveRegion, Skeleton } from "@/components/ui";
import { asApiError, type ApiError, type AuditFilters } from "@/lib/api";
import { AuditDrawer } from "./audit-drawer";
import { AuditFiltersForm } from "./audit-filters";
import { AuditTable } from "./audit-table";
import { AuditVerdict } from "./audit-verify";

const PAGE = 50;
const filterNames = ["action", "actor", "targetType", "targetId", "from", "to"] as const;

/** The filters in the address bar (unknown or malformed values are dropped, never sent). */
function filtersFrom(params: URLSearchParams): AuditFilters {
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const instant = (name: string) => {
    const value = text(name);
    return value && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
  };
  return {
    action: AuditAction.safeParse(params.get("action")).data,
    actor: text("actor"),
    targetType: text("targetType"),
    targetId: text("targetId"),
    from: instant("from"),
    to: instant("to"),
  };
}

function searchOf(filters: AuditFilters): string {
  const params = new URLSearchParams();
  for (const name of filterNames) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  return params.toString();
}

function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** The audit log: filters kept in the URL, newest first, details in a drawer, verification and CSV for the same view. */
export function AuditLog() {
  const { api } = useAuth();
  const router = useRouter();
  const pathname = useAppPathname();
  const params = useAppSearchParams();
  const search = searchOf(filtersFrom(params));
  const filters = useMemo(() => filtersFrom(new URLSearchParams(search)), [search]);
  const filtered = search !== "";

  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verdict, setVerdict] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<ApiError | null>(null);
  const [exporting, setExporting] = useState(false);
  const [exportNote, setExportNote] = useState<string | null>(null);
  const [exportError, setExportError] = useState<ApiError | null>(null);

  const load = useCallback(() => {
    let current = true;
    setEvents(null);
    setError(null);
    api.listAudit(filters, { limit: PAGE }).then(
      (page) => {
        if (!current) return;
        setEvents(page.items);
        setCursor(page.nextCursor);
      },
      (err) => current && setError(asApiError(err)),
    );
    return () => {
      current = false;
    };
  }, [api, filters]);
  useEffect(load, [load]);

  function apply(next: AuditFilters) {
    const query = searchOf(next);
    setExportNote(null);
    router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
  }

  async function more() {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await api.listAudit(filters, { limit: PAGE, cursor });
      setEvents((list) => [...(list ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setLoadingMore(false);
    }
  }

  async function verify() {
    if (verifying) return;
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerdict(await api.verifyAudit({ from: filters.from, to: filters.to }));
    } catch (err) {
      setVerdict(null);
      setVerifyError(asApiError(err));
    } finally {
      setVerifying(false);
    }
  }

  async function downloadCsv() {
    if (exporting) return;
    setExporting(true);
    setExportNote(null);
    setExportError(null);
    try {
      const { blob, filename } = await api.exportAudit(filters);
      saveFile(blob, filename);
      setExportNote(`Saved ${filename} to your downloads.`);
    } catch (err) {
      setExportError(asApiError(err));
    } finally {
      setExporting(false);
    }
  }

  const range = filters.from || filters.to ? "the chosen time range" : "the whole log";

  return (
    <>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="font-display text-[40px] font-medium leading-tight text-ink">Audit log</h1>
          <p className="mt-1 max-w-2xl text-ink-soft">Append-only and signed: every privileged action, newest first.</p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="secondary" onClick={verify} loading={verifying} loadingText="Verifying…">
            <ShieldCheck aria-hidden="true" className="size-4" /> Verify
          </Button>
          <Button variant="secondary" onClick={downloadCsv} loading={exporting} loadingText="Preparing CSV…">
            <Download aria-hidden="true" className="size-4" /> Download CSV
          </Button>
        </div>
      </div>
      <p className="mt-2 text-[13px] text-muted">
        Verify checks {range} against its signed digests. The CSV holds every event that matches the filters.
      </p>

      <LiveRegion assertive className="mt-4 space-y-3 empty:hidden">
        {verifyError ? <ProblemAlert error={verifyError} title="We couldn’t verify the log" /> : null}
        {verdict ? <AuditVerdict result={verdict} /> : null}
        {exportError ? <ProblemAlert error={exportError} title="The CSV didn’t download" /> : null}
        {exportNote ? <p className="text-[13px] text-success">{exportNote}</p> : null}
      </LiveRegion>

      <div className="mt-6">
        <AuditFiltersForm
          key={search}
          filters={filters}
          onApply={apply}
          serverErrors={Object.fromEntries(filterNames.map((n) => [n, error?.fieldError(n)]).filter(([, m]) => m))}
        />
      </div>

      <section aria-label="Audit events" className="mt-6">
        {error ? (
          <div className="space-y-4">
            <ProblemAlert error={error} title="We couldn’t load the audit log" />
            <Button variant="secondary" onClick={load}>
              Try again
            </Button>
          </div>
        ) : events === null ? (
          <div className="space-y-2" role="status" aria-label="Loading audit events">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-14 w-full rounded-lg" />
            ))}
          </div>
        ) : events.length === 0 ? (
          <div className="flex flex-col items-center rounded-[var(--radius-card)] border border-dashed border-line-strong px-6 py-14 text-center">
            <ScrollText aria-hidden="true" className="size-7 text-muted" />
            <p className="mt-3 font-medium text-ink">{filtered ? "No events match these filters" : "No events yet"}</p>
            <p className="mt-1 text-sm text-muted">
              {filtered ? "Try a wider time range or fewer filters." : "Privileged actions will appear here as they happen."}
            </p>
            {filtered ? (
              <Button variant="secondary" className="mt-5" onClick={() => apply({})}>
                Clear filters
              </Button>
            ) : null}
          </div>
        ) : (
          <>
            <p className="mb-3 text-[13px] text-muted" data-testid="audit-count">
              {events.length} {events.length === 1 ? "event" : "events"} shown{cursor ? ", more available" : ""}
            </p>
            <AuditTable events={events} onOpen={setOpen} />
            {cursor ? (
              <div className="mt-5 flex justify-center">
                <Button variant="secondary" onClick={more} loading={loadingMore} loadingText="Loading…">
                  Load more
                </Button>
              </div>
            ) : null}
          </>
        )}
      </section>
      <AuditDrawer event={open} onClose={() => setOpen(null)} />
    </>
  );
}
