"use client";

import { currentPolicyVersion, type Me, type Role, type AccountStatus } from "@bez/contracts";
import { Globe, KeyRound, LockKeyhole, RefreshCw, ScrollText } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Badge, Button, Card, CardBody, CardHeader, Skeleton, type BadgeTone } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { formatDate, formatNumber } from "@/lib/format";
import { IpUnlockLinkButton } from "@/components/settings/ip-unlock";
import { ConsentGate } from "./consent-gate";
import { DisplayNameEditor } from "./display-name-editor";
import { requestWorkspaceLists, Workspace, type WorkspaceLists } from "./workspace";

const roleLabels: Record<Role, string> = {
  user: "user",
  admin: "admin",
  auditor: "auditor",
  support: "support",
};

const statusInfo: Record<AccountStatus, { label: string; tone: BadgeTone; note: string }> = {
  active: { label: "Active", tone: "success", note: "Everything is switched on." },
  restricted: {
    label: "Processing restricted",
    tone: "warning",
    note: "You asked us to pause processing: no new images or uploads. Viewing, export and deletion still work.",
  },
  deleting: { label: "Being deleted", tone: "danger", note: "Your account is being erased." },
};

function needsConsent(me: Me): boolean {
  return !me.ageConfirmed || me.policy === null || me.policy.version !== currentPolicyVersion;
}

type State = { kind: "loading" } | { kind: "error"; error: ApiError } | { kind: "ready"; me: Me; lists?: WorkspaceLists };

export function StudioHome() {
  const { api, signOut } = useAuth();
  const [state, setState] = useState<State>({ kind: "loading" });

  const setMe = useCallback((next: Me) => setState({ kind: "ready", me: next }), []);

  const load = useCallback(async () => {
    setState({ kind: "loading" });
    const lists = requestWorkspaceLists(api);
    try {
      setState({ kind: "ready", me: await api.getMe(), lists });
    } catch (err) {
      setState({ kind: "error", error: asApiError(err) });
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  if (state.kind === "loading") return <StudioSkeleton />;

  if (state.kind === "error") {
    const { error } = state;
    const sessionEnded = error.code === "unauthenticated";
    return (
      <div className="mx-auto w-full max-w-xl px-5 py-20">
        <Alert
          tone="error"
          role="alert"
          title={error.title}
          footnote={error.requestId ? `Reference for support: ${error.requestId}` : undefined}
          action={
            sessionEnded ? (
              <Button size="sm" onClick={() => void signOut()}>
                Sign in again
              </Button>
            ) : error.code === "ip-locked" ? (
              <IpUnlockLinkButton />
            ) : (
              <Button size="sm" variant="secondary" onClick={() => void load()}>
                <RefreshCw aria-hidden="true" className="size-3.5" /> Try again
              </Button>
            )
          }
        >
          {error.detail}
        </Alert>
      </div>
    );
  }

  const { me, lists } = state;
  if (needsConsent(me)) return <ConsentGate me={me} onAccepted={setMe} />;
  return <Overview me={me} onChange={setMe} lists={lists} />;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3.5 sm:grid-cols-[120px_minmax(0,1fr)] sm:items-center sm:gap-4 lg:grid-cols-1 lg:gap-1">
      <dt className="text-[13px] text-muted">{label}</dt>
      <dd className="min-w-0 text-[15px] text-ink [overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

function Overview({ me, onChange, lists }: { me: Me; onChange: (me: Me) => void; lists?: WorkspaceLists }) {
  const { api } = useAuth();
  const greetingName = me.displayName?.split(/\s+/)[0];
  const status = statusInfo[me.status];
  const { generationsToday: used, dailyQuota: quota } = me.usage;
  const left = Math.max(0, quota - used);
  const refreshMe = useCallback(() => {
    api.getMe().then(onChange, () => undefined);
  }, [api, onChange]);
  return (
    <div className="mx-auto w-full max-w-6xl px-5 pb-24 pt-10 sm:px-8 sm:pt-14">
      <header className="flex flex-col gap-2">
        <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">Your studio</p>
        <h1 className="font-display text-[42px] font-medium leading-tight text-ink sm:text-5xl">
          {greetingName ? <>Welcome, {greetingName}</> : <>Welcome to your studio</>}
        </h1>
        <p className="text-ink-soft">
          Signed in as{" "}
          <span className="font-medium text-ink [overflow-wrap:anywhere]" data-testid="me-email">
            {me.email ?? "—"}
          </span>
        </p>
      </header>

      <Workspace
        me={me}
        left={left}
        onUsageChanged={refreshMe}
        opening={lists}
        aside={
          <>
            <Card>
              <CardHeader title="Today’s allowance" description="Resets every day at midnight UTC." />
              <CardBody>
                <p className="flex items-baseline gap-2" data-testid="me-usage">
                  <span className="font-display text-5xl font-medium leading-none text-ink lining-nums">{formatNumber(used)}</span>
                  <span className="text-ink-soft">/ {formatNumber(quota)} images</span>
                </p>
                <progress
                  value={used}
                  max={Math.max(quota, 1)}
                  aria-label={`${formatNumber(used)} of ${formatNumber(quota)} images used today`}
                  className="mt-4 block h-1.5 w-full overflow-hidden rounded-full [&::-moz-progress-bar]:bg-accent [&::-webkit-progress-bar]:bg-sunken [&::-webkit-progress-value]:rounded-full [&::-webkit-progress-value]:bg-accent"
                />
                <p className="mt-2 text-[13px] text-muted">{formatNumber(left)} left today</p>
              </CardBody>
            </Card>
          </>
        }
        after={
          <>
            <Card>
              <CardHeader title="Account" description="What Bez knows about you. You can correct your name at any time." />
              <CardBody className="pt-2">
                <dl className="divide-y divide-line">
                  <Row label="Display name">
                    <DisplayNameEditor me={me} onSaved={onChange} />
                  </Row>
                  <Row label="Email">
                    <span>{me.email ?? "—"}</span>
                  </Row>
                  <Row label="Role">
                    <Badge tone={me.role === "user" ? "neutral" : "accent"}>
                      <span data-testid="me-role" className="capitalize">{roleLabels[me.role]}</span>
                    </Badge>
                  </Row>
                  <Row label="Status">
                    <div className="flex flex-col items-start gap-1 sm:flex-row sm:items-center sm:gap-3">
                      <Badge tone={status.tone}>
                        <span aria-hidden="true" className="size-1.5 rounded-full bg-current" />
                        <span data-testid="me-status">{status.label}</span>
                      </Badge>
                      {me.status !== "active" ? <span className="text-[13px] text-muted">{status.note}</span> : null}
                    </div>
                  </Row>
                  <Row label="Member since">
                    <time dateTime={me.createdAt} data-testid="me-created">
                      {formatDate(me.createdAt)}
                    </time>
                  </Row>
                </dl>
              </CardBody>
            </Card>

            <Card>
              <CardHeader title="Protection" />
              <CardBody className="space-y-5 pt-4">
                <ProtectionItem
                  icon={me.settings.ipLock.enabled ? <LockKeyhole className="size-4" /> : <Globe className="size-4" />}
                  title={
                    <>
                      IP lock{" "}
                      <Badge tone={me.settings.ipLock.enabled ? "success" : "neutral"} className="ml-1 align-middle">
                        <span data-testid="me-iplock">{me.settings.ipLock.enabled ? "On" : "Off"}</span>
                      </Badge>
                    </>
                  }
                >
                  {me.settings.ipLock.enabled ? (
                    <>
                      Only {me.settings.ipLock.cidrs.length === 1 ? "this network is" : "these networks are"} accepted:{" "}
                      <span className="font-mono text-[12px] text-ink">{me.settings.ipLock.cidrs.join(", ")}</span>
                    </>
                  ) : (
                    "Your account accepts connections from any network. Locking it to your shop adds a second wall."
                  )}
                </ProtectionItem>
                <ProtectionItem icon={<KeyRound className="size-4" />} title="Personal encryption key">
                  Your images and prompts are encrypted with a key that belongs to your account alone.
                </ProtectionItem>
                <ProtectionItem icon={<ScrollText className="size-4" />} title="Privacy policy">
                  {me.policy ? (
                    <>
                      Version {me.policy.version}, accepted {formatDate(me.policy.acceptedAt)}.{" "}
                      <Link href="/privacy" className="text-accent underline underline-offset-2">
                        Read it
                      </Link>
                    </>
                  ) : (
                    "Not accepted yet."
                  )}
                </ProtectionItem>
              </CardBody>
            </Card>
          </>
        }
      />
    </div>
  );
}

function ProtectionItem({ icon, title, children }: { icon: ReactNode; title: ReactNode; children: ReactNode }) {
  return (
    <div className="flex gap-3.5">
      <div aria-hidden="true" className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full bg-sunken text-ink-soft">
        {icon}
      </div>
      <div className="min-w-0">
        <h3 className="text-sm font-medium text-ink">{title}</h3>
        <p className="mt-0.5 text-[13px] leading-relaxed text-muted">{children}</p>
      </div>
    </div>
  );
}

function StudioSkeleton() {
  return (
    <div className="mx-auto w-full max-w-6xl px-5 pb-24 pt-10 sm:px-8 sm:pt-14" role="status" aria-label="Loading your studio">
      <Skeleton className="h-3 w-24" />
      <Skeleton className="mt-4 h-11 w-80 max-w-full" />
      <Skeleton className="mt-3 h-4 w-56" />
      <div className="mt-10 grid gap-6 lg:grid-cols-[minmax(0,1.7fr)_minmax(0,1fr)]">
        <Card className="p-7">
          <Skeleton className="h-4 w-28" />
          <Skeleton className="mt-3 h-4 w-3/4" />
          <div className="mt-7 grid grid-cols-3 gap-2.5 sm:grid-cols-5">
            {[0, 1, 2, 3, 4].map((i) => (
              <Skeleton key={i} className="aspect-square w-full rounded-xl" />
            ))}
          </div>
          <Skeleton className="mt-7 h-28 w-full rounded-lg" />
        </Card>
        <Card className="p-7">
          <Skeleton className="h-4 w-32" />
          <Skeleton className="mt-6 h-10 w-40" />
          <Skeleton className="mt-4 h-1.5 w-full" />
        </Card>
      </div>
      <span className="sr-only">Loading your studio…</span>
    </div>
  );
}
