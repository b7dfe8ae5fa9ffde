"use client";

import { EmailAuthProvider, reauthenticateWithCredential } from "firebase/auth";
import { useState, type FormEvent, type ReactNode } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { usePublicConfig } from "@/components/providers/config-provider";
import { PasswordInput } from "@/components/auth/password-input";
import { Button, Dialog } from "@/components/ui";
import { describeAuthError } from "@/lib/auth-errors";
import { getFirebaseAuth } from "@/lib/firebase";

/**
 * For actions the API keeps for a fresh sign-in (403 recent-login-required): `ask(retry)` opens a dialog for the
 * password, reauthenticates with Firebase (a new `auth_time`), then runs `retry`. Email-link accounts have no password
 * to confirm, so they are told to sign in again instead.
 */
export function useRecentLogin(
  action: string,
  confirmLabel: string,
  confirmVariant: "primary" | "danger" = "primary",
): { ask: (retry: () => Promise<void>) => void; dialog: ReactNode } {
  const { email } = useAuth();
  const config = usePublicConfig();
  const [retry, setRetry] = useState<(() => Promise<void>) | null>(null);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const user = () => getFirebaseAuth(config).currentUser;
  const hasPassword = () => user()?.providerData.some((p) => p.providerId === "password") ?? false;

  function ask(next: () => Promise<void>) {
    setPassword("");
    setError(null);
    setRetry(() => next);
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const u = user();
    if (!u || !email || busy || !retry) return;
    if (!password) return setError("Please enter your password.");
    setBusy(true);
    setError(null);
    try {
      await reauthenticateWithCredential(u, EmailAuthProvider.credential(email, password));
      await u.getIdToken(true);
    } catch (err) {
      const problem = describeAuthError(err);
      setError(problem.field === "form" && /email or password/.test(problem.message) ? "That password isn’t right. Please try again." : problem.message);
      setBusy(false);
      return;
    }
    setBusy(false);
    setRetry(null);
    await retry();
  }

  const dialog = (
    <Dialog
      open={retry !== null}
      onClose={() => (busy ? undefined : setRetry(null))}
      title="Please confirm it’s you"
      description={`You signed in a while ago. For your security, ${action} needs a fresh sign-in.`}
    >
      {hasPassword() ? (
        <form noValidate onSubmit={onSubmit} className="mt-5 space-y-5" aria-label="Confirm your password">
          <PasswordInput
            id="recent-login-password"
            label="Password"
            autoComplete="current-password"
            value={password}
            data-autofocus
            onChange={(e) => {
              setPassword(e.target.value);
              if (error) setError(null);
            }}
            error={error ?? undefined}
          />
          <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => setRetry(null)} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" variant={confirmVariant} loading={busy} loadingText="Checking…">
              {confirmLabel}
            </Button>
          </div>
        </form>
      ) : (
        <div className="mt-5 space-y-4 text-sm text-ink-soft">
          <p>You sign in with email links. Sign out, ask for a new sign-in link, and come back here within five minutes of using it.</p>
          <div className="flex justify-end">
            <Button variant="secondary" onClick={() => setRetry(null)}>
              Close
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
  return { ask, dialog };
}
