"use client";

import type { DeletionReceipt } from "@bez/contracts";
import { CircleCheck, Hourglass } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { usePublicConfig } from "@/components/providers/config-provider";
import { Alert, Badge, Button, buttonClasses, Card, CardBody, Skeleton } from "@/components/ui";
import { asApiError, fetchDeletionReceipt, type ApiError } from "@/lib/api";
import { formatDateTime, formatNumber } from "@/lib/format";
import { signOutAfterDeletionKey } from "./delete-section";

const removedLabels: Array<[keyof DeletionReceipt["removed"], string]> = [
  ["images", "Images"],
  ["generations", "Generations"],
  ["blobs", "Stored files"],
  ["tokens", "Access tokens"],
  ["documents", "Records"],
  ["auditEventsPseudonymized", "Activity entries made anonymous"],
];

/**
 * `/deleted/[id]`: the receipt of an erasure. Right after a deletion this browser is signed out here; the status is
 * read from `GET /v1/deletions/{id}` (no sign-in) and refreshed until the erasure is complete.
 */
export function DeletionReceiptView({ id }: { id: string }) {
  const config = usePublicConfig();
  const { status, signOut } = useAuth();
  const [receipt, setReceipt] = useState<DeletionReceipt | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [justDeleted, setJustDeleted] = useState(false);

  useEffect(() => {
    let pending: string | null;
    try {
      pending = window.sessionStorage.getItem(signOutAfterDeletionKey);
    } catch {
      pending = null;
    }
    if (pending === id) setJustDeleted(true);
    if (pending === id && status === "signed-in") {
      void signOut().finally(() => {
        try {
          window.sessionStorage.removeItem(signOutAfterDeletionKey);
        } catch {
          // nothing to clean
        }
      });
    }
  }, [id, status, signOut]);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const r = await fetchDeletionReceipt(config.apiUrl, id, signal);
        setReceipt(r);
        setError(null);
        return r;
      } catch (err) {
        const e = asApiError(err);
        if (e.kind !== "aborted") setError(e);
        return null;
      }
    },
    [config.apiUrl, id],
  );

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const r = await load(controller.signal);
      if (!controller.signal.aborted && (!r || r.status === "pending")) timer = setTimeout(tick, 2000);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [load]);

  const complete = receipt?.status === "complete";
  return (
    <div className="mx-auto w-full max-w-2xl px-5 pb-24 pt-12 sm:pt-16">
      <div className="text-center">
        <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">Deletion receipt</p>
        <h1 className="mt-3 font-display text-[42px] font-medium leading-tight text-ink">
          {justDeleted ? "Your account is deleted" : "Account deletion"}
        </h1>
        <p className="mx-auto mt-3 max-w-lg text-[15px] leading-relaxed text-ink-soft">
          {justDeleted
            ? complete
              ? "You are signed out. Your encryption key was destroyed first, and everything of yours has now been erased."
              : "You are signed out. Your encryption key was destroyed first, so nothing of yours can be read any more; the rest is being erased now."
            : "The signed record of an account erasure. It holds no name, no email and no account id."}
        </p>
      </div>

      <Card className="mt-10">
        <CardBody className="space-y-6">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <p className="text-[13px] text-muted">Receipt number</p>
              <p className="mt-0.5 break-all font-mono text-sm text-ink" data-testid="deletion-id">
                {id}
              </p>
            </div>
            {receipt ? (
              <Badge tone={complete ? "success" : "warning"}>
                {complete ? <CircleCheck aria-hidden="true" className="size-3.5" /> : <Hourglass aria-hidden="true" className="size-3.5" />}
                <span data-testid="deletion-status">{complete ? "Complete" : "In progress"}</span>
              </Badge>
            ) : null}
          </div>

          {error && !receipt ? (
            <Alert tone="error" title={error.code === "not-found" ? "We couldn’t find this receipt" : error.title} footnote={error.requestId ? `Reference: ${error.requestId}` : undefined}>
              {error.code === "not-found" ? "Please check the receipt number; it must be complete, exactly as it was shown." : error.detail}
            </Alert>
          ) : !receipt ? (
            <div className="space-y-3" role="status" aria-label="Loading the receipt">
              <Skeleton className="h-5 w-1/2" />
              <Skeleton className="h-24 w-full rounded-xl" />
            </div>
          ) : (
            <>
              <dl className="grid gap-4 text-sm sm:grid-cols-2">
                <div>
                  <dt className="text-[13px] text-muted">Requested</dt>
                  <dd className="mt-0.5 text-ink">{formatDateTime(receipt.requestedAt)}</dd>
                </div>
                <div>
                  <dt className="text-[13px] text-muted">Completed</dt>
                  <dd className="mt-0.5 text-ink">{receipt.completedAt ? formatDateTime(receipt.completedAt) : "Still erasing…"}</dd>
                </div>
              </dl>
              <div>
                <h2 className="mb-2 text-[13px] font-medium text-ink">What was removed</h2>
                <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                  {removedLabels.map(([key, label]) => (
                    <li key={key} className="rounded-xl border border-line bg-canvas/60 px-3.5 py-3">
                      <p className="text-2xl font-semibold leading-none tracking-[-0.01em] text-ink tabular-nums">{formatNumber(receipt.removed[key])}</p>
                      <p className="mt-1.5 text-[12px] leading-snug text-muted">{label}</p>
                    </li>
                  ))}
                </ul>
              </div>
              {receipt.signature ? (
                <div>
                  <p className="text-[13px] text-muted">Signature</p>
                  <p className="mt-0.5 break-all font-mono text-[12px] text-ink-soft" data-testid="deletion-signature">
                    {receipt.signature}
                  </p>
                  <p className="mt-1 text-[12px] text-muted">Bez signs each receipt, so it can show later that this erasure happened as recorded.</p>
                </div>
              ) : null}
            </>
          )}
        </CardBody>
      </Card>

      <div className="mt-8 flex flex-col items-center gap-3 text-center text-sm text-ink-soft">
        <p>
          Keep this page’s address to check the status later:{" "}
          <a
            href={`${config.apiUrl}/v1/deletions/${encodeURIComponent(id)}`}
            className="font-medium text-accent underline-offset-4 hover:underline"
            target="_blank"
            rel="noreferrer"
          >
            receipt as data (JSON)
          </a>
        </p>
        <div className="flex gap-3">
          {error && receipt === null ? (
            <Button variant="secondary" onClick={() => void load()}>
              Try again
            </Button>
          ) : null}
          <Link href="/" className={buttonClasses("secondary")}>
            Back to the home page
          </Link>
        </div>
      </div>
    </div>
  );
}
