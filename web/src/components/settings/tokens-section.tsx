"use client";

import type { AccessToken, CreatedAccessToken } from "@bez/contracts";
import { TokenName } from "@bez/contracts";
import { Check, Copy, KeyRound, Plus } from "lucide-react";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, ConfirmDialog, Input, Label, LiveRegion, Skeleton } from "@/components/ui";
import { inputClasses } from "@/components/ui/input";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { formatDate, formatRelative } from "@/lib/format";
import { useRecentLogin } from "./recent-login";
import { ProblemAlert, Section } from "./section";

const expiryChoices = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 365, label: "1 year" },
];

/** Personal access tokens for the SDK and the command line: create (secret shown once), list, revoke. */
export function TokensSection() {
  const { api } = useAuth();
  const recentLogin = useRecentLogin("creating an access token", "Confirm and create");
  const [tokens, setTokens] = useState<AccessToken[] | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [name, setName] = useState("");
  const [days, setDays] = useState(30);
  const [nameError, setNameError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<CreatedAccessToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<AccessToken | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<ApiError | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  const load = useCallback(() => {
    api.listTokens().then(
      (list) => {
        setTokens(list.items);
        setLoadError(null);
      },
      (err) => setLoadError(asApiError(err)),
    );
  }, [api]);
  useEffect(load, [load]);

  async function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (creating) return;
    const parsed = TokenName.safeParse(name);
    if (!parsed.success) {
      setNameError(parsed.error.issues[0]?.message ?? "Please check the name.");
      nameRef.current?.focus();
      return;
    }
    await create(parsed.data, days);
  }

  async function create(tokenName: string, expiresInDays: number): Promise<void> {
    setCreating(true);
    setCreateError(null);
    try {
      const token = await api.createToken({ name: tokenName, expiresInDays });
      setCreated(token);
      setCopied(false);
      setName("");
      load();
    } catch (err) {
      const apiError = asApiError(err);
      const field = apiError.fieldError("name");
      if (field) setNameError(field);
      else if (apiError.code === "recent-login-required") recentLogin.ask(() => create(tokenName, expiresInDays));
      else setCreateError(apiError);
    } finally {
      setCreating(false);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      // Clipboard refused (permissions): the field is selectable, select it for a manual copy.
      (document.getElementById("new-token-value") as HTMLInputElement | null)?.select();
    }
  }

  async function revoke() {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(null);
    try {
      await api.revokeToken(revoking.id);
      setTokens((list) => list?.filter((t) => t.id !== revoking.id) ?? null);
      if (created?.id === revoking.id) setCreated(null);
      setRevoking(null);
    } catch (err) {
      setRevokeError(asApiError(err));
    } finally {
      setRevokeBusy(false);
    }
  }

  return (
    <Section
      id="tokens"
      title="Access tokens"
      description="Keys for the Bez command-line tool and SDK. A token can make and read images, nothing else: it can’t change these settings, export or delete your account."
    >
      <form noValidate onSubmit={onCreate} aria-label="Create an access token" className="grid gap-4 sm:grid-cols-[minmax(0,1fr)_160px_auto] sm:items-start">
        <Input
          ref={nameRef}
          id="token-name"
          label="Token name"
          placeholder="e.g. Shop laptop"
          value={name}
          maxLength={100}
          onChange={(e) => {
            setName(e.target.value);
            if (nameError) setNameError(null);
          }}
          error={nameError ?? undefined}
        />
        <div>
          <Label htmlFor="token-expiry">Expires after</Label>
          <select
            id="token-expiry"
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            className={cn(inputClasses, "h-11 pr-8")}
          >
            {expiryChoices.map((c) => (
              <option key={c.days} value={c.days}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" size="lg" className="sm:mt-[26px]" loading={creating} loadingText="Creating…">
          <Plus aria-hidden="true" className="size-4" /> Create token
        </Button>
      </form>

      <LiveRegion assertive>
        {createError ? <ProblemAlert error={createError} className="mt-4" /> : null}
        {created ? (
          <Alert tone="warning" title={`Copy “${created.name}” now`} className="mt-5" role="status">
            <p>This is the only time we show it. We keep only a fingerprint, so nobody (not even Bez) can show it again.</p>
            <div className="mt-3 flex flex-col gap-2 sm:flex-row">
              <label htmlFor="new-token-value" className="sr-only">
                New access token
              </label>
              <input
                id="new-token-value"
                readOnly
                value={created.token}
                data-testid="new-token"
                onFocus={(e) => e.currentTarget.select()}
                className={cn(inputClasses, "h-10 min-w-0 flex-1 font-mono text-[13px]")}
              />
              <Button variant="primary" onClick={copy}>
                {copied ? <Check aria-hidden="true" className="size-4" /> : <Copy aria-hidden="true" className="size-4" />}
                {copied ? "Copied" : "Copy"}
              </Button>
            </div>
            <Button variant="ghost" size="sm" className="mt-2 -ml-3" onClick={() => setCreated(null)}>
              I’ve stored it safely
            </Button>
          </Alert>
        ) : null}
      </LiveRegion>

      <div className="mt-6">
        <h3 className="mb-2 text-[13px] font-medium text-ink">Your tokens</h3>
        {loadError ? (
          <ProblemAlert error={loadError} />
        ) : tokens === null ? (
          <Skeleton className="h-14 w-full rounded-xl" />
        ) : tokens.length === 0 ? (
          <p className="rounded-xl border border-dashed border-line-strong px-4 py-5 text-center text-sm text-muted">
            No tokens yet. You only need one to use Bez from the command line or your own software.
          </p>
        ) : (
          <ul className="divide-y divide-line rounded-xl border border-line" aria-label="Access tokens">
            {tokens.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3" data-testid="token-row">
                <KeyRound aria-hidden="true" className="size-4 shrink-0 text-muted" />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium text-ink">{t.name}</p>
                  <p className="text-[13px] text-muted">
                    Created {formatDate(t.createdAt)} · expires {formatDate(t.expiresAt)} ·{" "}
                    {t.lastUsedAt ? `last used ${formatRelative(t.lastUsedAt)}` : "never used"}
                  </p>
                </div>
                <Button variant="secondary" size="sm" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this token?"
        description={
          <>
            <span className="font-medium text-ink">{revoking?.name}</span> stops working at once. Anything that uses it (a
            script, the command line) will be refused until you give it a new token.
          </>
        }
        confirmLabel="Revoke token"
        busyLabel="Revoking…"
        busy={revokeBusy}
        onConfirm={() => void revoke()}
        onCancel={() => {
          setRevoking(null);
          setRevokeError(null);
        }}
        error={revokeError ? <ProblemAlert error={revokeError} /> : undefined}
      />
      {recentLogin.dialog}
    </Section>
  );
}
