"use client";

import { ipLockMaxEntries, type Me, type UserSettings } from "@bez/contracts";
import { Check, Plus, Trash2 } from "lucide-react";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Badge, Button, FieldError, LiveRegion, Switch } from "@/components/ui";
import { inputClasses } from "@/components/ui/input";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { parseRange, rangeContains } from "@/lib/ip-ranges";
import { useRecentLogin } from "./recent-login";
import { ProblemAlert, Section } from "./section";

/**
 * IP lock: the addresses and ranges the account accepts connections from. The list is checked here line by line,
 * and a list that leaves out the address this browser uses right now is refused before the API is asked.
 */
export function IpLockSection({ me, onSettings }: { me: Me; onSettings: (settings: UserSettings) => void }) {
  const { api } = useAuth();
  const recentLogin = useRecentLogin("changing the IP lock", "Confirm and save");
  const [currentIp, setCurrentIp] = useState<string | null>(null);
  const [ipError, setIpError] = useState<ApiError | null>(null);
  const [enabled, setEnabled] = useState(me.settings.ipLock.enabled);
  const [entries, setEntries] = useState<string[]>(me.settings.ipLock.cidrs.length ? me.settings.ipLock.cidrs : [""]);
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  const [lockout, setLockout] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const baseId = useId();

  useEffect(() => {
    api.getCallerIp().then(
      (r) => setCurrentIp(r.ip),
      (err) => setIpError(asApiError(err)),
    );
  }, [api]);

  const dirty =
    enabled !== me.settings.ipLock.enabled ||
    JSON.stringify(entries.map((e) => e.trim()).filter(Boolean)) !== JSON.stringify(me.settings.ipLock.cidrs);

  function change(next: string[]) {
    setEntries(next);
    setLineErrors({});
    setLockout(false);
    setFailure(null);
    setSaved(false);
  }

  function addCurrent() {
    if (!currentIp) return;
    const filled = entries.filter((e) => e.trim());
    change([...filled, currentIp]);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const errors: Record<number, string> = {};

    entries.forEach((entry, i) => {
      if (!entry.trim() && entries.length > 1) return; // blank extra lines are dropped
      if (!entry.trim() && !enabled) return;
      const parsed = parseRange(entry);
      if (!parsed.ok) errors[i] = parsed.reason;

    });
    const cidrs = entries.map((e) => e.trim()).filter(Boolean);
    if (cidrs.length > ipLockMaxEntries) errors[entries.length - 1] = `The lock holds at most ${ipLockMaxEntries} addresses or ranges.`;
    setLineErrors(errors);
    if (Object.keys(errors).length) {
      document.getElementById(`${baseId}-entry-${Object.keys(errors)[0]}`)?.focus();
      return;
    }
    if (enabled && currentIp) {
      const covered = cidrs.some((c) => {
        const parsed = parseRange(c);
        return parsed.ok && rangeContains(parsed.range, currentIp);
      });
      if (!covered) {
        setLockout(true);
        return;
      }
    }
    await save(enabled, cidrs);
  }

  async function save(enabled: boolean, cidrs: string[]): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      const settings = await api.setIpLock({ enabled, cidrs });
      onSettings(settings);
      setEntries(settings.ipLock.cidrs.length ? settings.ipLock.cidrs : [""]);
      setSaved(true);
    } catch (err) {
      const apiError = asApiError(err);
      if (apiError.code === "ip-lock-would-lock-you-out") setLockout(true);
      else if (apiError.code === "recent-login-required") recentLogin.ask(() => save(enabled, cidrs));
      else setFailure(apiError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section
      id="ip-lock"
      title="IP lock"
      description="Accept your account only from networks you trust, such as your shop’s internet connection. Anyone using your password elsewhere is turned away, image links included."
      action={
        <Badge tone={me.settings.ipLock.enabled ? "success" : "neutral"}>
          <span data-testid="ip-lock-state">{me.settings.ipLock.enabled ? "On" : "Off"}</span>
        </Badge>
      }
    >
      <form noValidate onSubmit={onSubmit} aria-label="IP lock" className="space-y-6">
        <div className="rounded-xl border border-line bg-canvas/70 px-4 py-3 text-sm">
          {currentIp ? (
            <p className="flex flex-wrap items-center gap-x-3 gap-y-2 text-ink-soft">
              <span>
                You are connecting from{" "}
                <code className="rounded bg-sunken px-1.5 py-0.5 font-mono text-[13px] text-ink" data-testid="current-ip">
                  {currentIp}
                </code>
              </span>
              <Button variant="ghost" size="sm" onClick={addCurrent} className="-my-1">
                <Plus aria-hidden="true" className="size-3.5" /> Add this address
              </Button>
            </p>
          ) : ipError ? (
            <p className="text-ink-soft">We couldn’t tell which address you are using right now ({ipError.title.toLowerCase()}).</p>
          ) : (
            <p className="text-muted">Checking which address you are using…</p>
          )}
        </div>

        <Switch
          checked={enabled}
          onChange={(next) => {
            setEnabled(next);
            setLockout(false);
            setSaved(false);
          }}
          label="Only allow these networks"
          description="Takes effect when you save."
        />

        <fieldset>
          <legend className="mb-2 text-[13px] font-medium text-ink">Allowed addresses and ranges</legend>
          <p className="mb-3 text-[13px] leading-snug text-muted">
            One per line: a single address (203.0.113.7), a range (203.0.113.0/24) or IPv6 (2001:db8::/32).
          </p>
          <ul className="space-y-2.5">
            {entries.map((entry, i) => {
              const id = `${baseId}-entry-${i}`;
              const error = lineErrors[i];
              return (
                <li key={i}>
                  <div className="flex items-center gap-2">
                    <label htmlFor={id} className="sr-only">
                      Address or range {i + 1}
                    </label>
                    <input
                      id={id}
                      value={entry}
                      spellCheck={false}
                      autoCapitalize="none"
                      autoComplete="off"
                      placeholder="203.0.113.0/24"
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                      onChange={(e) => change(entries.map((v, j) => (j === i ? e.target.value : v)))}
                      className={cn(inputClasses, "h-10 font-mono text-sm")}
                    />
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove ${entry.trim() || `line ${i + 1}`}`}
                      onClick={() => change(entries.length === 1 ? [""] : entries.filter((_, j) => j !== i))}
                    >
                      <Trash2 aria-hidden="true" className="size-4" />
                    </Button>
                  </div>
                  {error ? <FieldError id={`${id}-error`}>{error}</FieldError> : null}
                </li>
              );
            })}
          </ul>
          <Button
            variant="secondary"
            size="sm"
            className="mt-3"
            disabled={entries.length >= ipLockMaxEntries}
            onClick={() => change([...entries, ""])}
          >
            <Plus aria-hidden="true" className="size-3.5" /> Add another
          </Button>
        </fieldset>

        <LiveRegion assertive>
          {lockout ? (
            <Alert
              tone="warning"
              title="That would lock you out"
              action={
                currentIp ? (
                  <Button variant="secondary" size="sm" onClick={addCurrent}>
                    <Plus aria-hidden="true" className="size-3.5" /> Add {currentIp} to the list
                  </Button>
                ) : undefined
              }
            >
              <span data-testid="ip-lock-lockout">
                You are connecting from {currentIp ?? "an address"} right now, and it isn’t in the list. If we turned the lock on,
                this very browser would be refused. Add your current address (or a range that includes it) first.
              </span>
            </Alert>
          ) : failure ? (
            <ProblemAlert error={failure} />
          ) : null}
        </LiveRegion>

        <div className="flex items-center gap-3 border-t border-line pt-5">
          <Button type="submit" loading={busy} loadingText="Saving…" disabled={!dirty && !busy}>
            Save IP lock
          </Button>
          <LiveRegion>
            {saved && !dirty ? (
              <span className="inline-flex items-center gap-1 text-[13px] text-success">
                <Check aria-hidden="true" className="size-3.5" /> Saved
              </span>
            ) : null}
          </LiveRegion>
        </div>
      </form>
      {recentLogin.dialog}
    </Section>
  );
}
