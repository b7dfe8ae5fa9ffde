"use client";

import { Role, type AdminUser, type RoleChange } from "@bez/contracts";
import { Search, UserRound } from "lucide-react";
import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { ProblemAlert } from "@/components/settings/section";
import { Alert, Badge, Button, Card, CardBody, ConfirmDialog, Input, inputClasses, Label, LiveRegion } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { cn } from "@/lib/cn";
import { formatDate, formatNumber } from "@/lib/format";

const roleWords: Record<Role, string> = {
  admin: "Admin — everything in this console",
  auditor: "Auditor — reads and verifies the audit log",
  support: "Support — looks up accounts",
  user: "User — a jeweler, no admin access",
};

const statusWords: Record<AdminUser["status"], { label: string; tone: "success" | "warning" | "danger" }> = {
  active: { label: "Active", tone: "success" },
  restricted: { label: "Processing restricted", tone: "warning" },
  deleting: { label: "Being deleted", tone: "danger" },
};

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Staff look an account up by email; admins can change its role (which signs the account out everywhere). */
export function UserLookup() {
  const { api, role: myRole } = useAuth();
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | null>(null);
  const [searching, setSearching] = useState(false);
  const [user, setUser] = useState<AdminUser | null>(null);
  const [notFound, setNotFound] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  async function lookUp(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const wanted = email.trim();
    if (!emailPattern.test(wanted)) {
      setEmailError("Enter the account’s full email address, e.g. anna@example.com.");
      emailRef.current?.focus();
      return;
    }
    if (searching) return;
    setEmailError(null);
    setSearching(true);
    setFailure(null);
    setNotFound(null);
    setUser(null);
    try {
      setUser(await api.findUser(wanted));
    } catch (err) {
      const error = asApiError(err);
      if (error.code === "not-found") setNotFound(wanted);
      else if (error.code === "invalid-request" && error.fieldError("email")) setEmailError(error.fieldError("email")!);
      else setFailure(error);
    } finally {
      setSearching(false);
    }
  }

  return (
    <>
      <h1 className="font-display text-[40px] font-medium leading-tight text-ink">Users and roles</h1>
      <p className="mt-1 max-w-2xl text-ink-soft">
        Find an account by its email. You see its status and how much it holds, never its images or descriptions.
      </p>
      <form onSubmit={lookUp} className="mt-6 flex max-w-xl flex-col gap-3 sm:flex-row sm:items-start" role="search" aria-label="Look up an account">
        <Input
          ref={emailRef}
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          error={emailError}
          containerClassName="flex-1"
        />
        <Button type="submit" loading={searching} loadingText="Looking…" className="h-11 sm:mt-[26px]">
          <Search aria-hidden="true" className="size-4" /> Look up
        </Button>
      </form>
      <LiveRegion assertive className="mt-6 max-w-3xl empty:hidden">
        {failure ? <ProblemAlert error={failure} title="We couldn’t look that up" /> : null}
        {notFound ? (
          <Alert tone="info" title="No account uses that email">
            Nobody is signed up as <span className="font-medium text-ink">{notFound}</span>. Check the spelling, or ask the person
            which address they signed up with.
          </Alert>
        ) : null}
      </LiveRegion>
      {user ? <UserCard key={user.uid} user={user} canChangeRole={myRole === "admin"} onChanged={setUser} /> : null}
    </>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-[13px] text-muted">{label}</dt>
      <dd className="mt-0.5 text-[15px] text-ink [overflow-wrap:anywhere]" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

function UserCard({ user, canChangeRole, onChanged }: { user: AdminUser; canChangeRole: boolean; onChanged: (u: AdminUser) => void }) {
  const { api } = useAuth();
  const selectId = useId();
  const [role, setRole] = useState<Role>(user.role);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [change, setChange] = useState<RoleChange | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const status = statusWords[user.status];

  async function apply() {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const result = await api.setRole(user.uid, role);
      setChange(result);
      setConfirming(false);
      onChanged({ ...user, role: result.role });
    } catch (err) {
      setFailure(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const conflict = failure?.code === "conflict";

  return (
    <Card className="mt-6 max-w-3xl" data-testid="user-card">
      <CardBody>
        <div className="flex items-start gap-4">
          <span aria-hidden="true" className="flex size-11 shrink-0 items-center justify-center rounded-full bg-sunken text-ink-soft">
            <UserRound className="size-5" />
          </span>
          <div className="min-w-0 flex-1">
            <h2 className="text-lg font-semibold text-ink [overflow-wrap:anywhere]">{user.email ?? "No email on file"}</h2>
            <p className="mt-1 flex flex-wrap items-center gap-2">
              <Badge tone={status.tone}>{status.label}</Badge>
              <Badge tone={user.role === "user" ? "neutral" : "accent"}>{user.role}</Badge>
            </p>
          </div>
        </div>
        <dl className="mt-6 grid gap-4 sm:grid-cols-2">
          <Fact label="User id" testId="user-uid">
            <span className="font-mono text-[13px]">{user.uid}</span>
          </Fact>
          <Fact label="Member since">
            <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>
          </Fact>
        </dl>
        <dl className="mt-5 grid grid-cols-2 gap-3 sm:grid-cols-4">
          {(
            [
              ["Images", user.counts.images],
              ["Generations", user.counts.generations],
              ["Access tokens", user.counts.tokens],
              ["Notices", user.counts.notices],
            ] as const
          ).map(([label, n]) => (
            <div key={label} className="rounded-lg bg-sunken/70 px-3.5 py-3">
              <dt className="text-[12px] text-muted">{label}</dt>
              <dd className="mt-0.5 text-xl font-semibold tabular-nums text-ink">{formatNumber(n)}</dd>
            </div>
          ))}
        </dl>

        <div className="mt-7 border-t border-line pt-6">
          <h3 className="text-[15px] font-semibold text-ink">Role</h3>
          {canChangeRole ? (
            <form
              className="mt-3 flex flex-col gap-3 sm:flex-row sm:items-end"
              onSubmit={(e) => {
                e.preventDefault();
                setFailure(null);
                setChange(null);
                if (role !== user.role) setConfirming(true);
              }}
            >
              <div className="flex-1">
                <Label htmlFor={selectId}>New role</Label>
                <select
                  id={selectId}
                  value={role}
                  onChange={(e) => setRole(Role.parse(e.target.value))}
                  className={cn(inputClasses, "h-11 pr-8")}
                >
                  {Role.options.map((r) => (
                    <option key={r} value={r}>
                      {roleWords[r]}
                    </option>
                  ))}
                </select>
              </div>
              <Button type="submit" variant="secondary" className="h-11" disabled={role === user.role}>
                Change role
              </Button>
            </form>
          ) : (
            <p className="mt-1 text-sm text-ink-soft">{roleWords[user.role]}. Only an admin can change roles.</p>
          )}
          <LiveRegion assertive className="mt-4 empty:hidden">
            {change ? (
              <Alert tone="success" role="status" title={`Role changed from ${change.previousRole} to ${change.role}`}>
                {change.sessionsRevoked
                  ? "They were signed out everywhere; the new role applies when they sign in again."
                  : "It applies from their next sign-in."}
              </Alert>
            ) : null}
            {failure && !confirming ? (
              conflict ? (
                <Alert tone="warning" title="You can’t change your own role">
                  So that nobody can lock themselves out or grant themselves more, another admin has to do it.
                </Alert>
              ) : (
                <ProblemAlert error={failure} title="The role wasn’t changed" />
              )
            ) : null}
          </LiveRegion>
        </div>
      </CardBody>
      <ConfirmDialog
        open={confirming}
        title={`Make ${user.email ?? "this account"} ${role === "user" ? "a regular user" : `${role === "admin" || role === "auditor" ? "an" : "a"} ${role}`}?`}
        description={
          <>
            Their role goes from <strong className="text-ink">{user.role}</strong> to <strong className="text-ink">{role}</strong>.
            To make it take effect at once, they are <strong className="text-ink">signed out on every device</strong> and have to sign
            in again. The change is recorded in the audit log.
          </>
        }
        confirmLabel="Change role and sign them out"
        busyLabel="Changing…"
        busy={busy}
        tone="primary"
        onConfirm={apply}
        onCancel={() => {
          setConfirming(false);
          setFailure(null);
        }}
        error={
          failure && confirming ? (
            conflict ? (
              <Alert tone="warning" title="You can’t change your own role">
                Another admin has to do it, so nobody can grant themselves more.
              </Alert>
            ) : (
              <ProblemAlert error={failure} />
            )
          ) : null
        }
      />
    </Card>
  );
}
