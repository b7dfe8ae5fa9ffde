"use client";

import { EmailAuthProvider, reauthenticateWithCredential } from "firebase/auth";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { usePublicConfig } from "@/components/providers/config-provider";
import { PasswordInput } from "@/components/auth/password-input";
import { Alert, Button, Dialog, Input, LiveRegion } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { describeAuthError } from "@/lib/auth-errors";
import { getFirebaseAuth } from "@/lib/firebase";
import { ProblemAlert, Section } from "./section";

/** Set just before leaving for /deleted/[id]: that page signs this browser out once it is shown. */
export const signOutAfterDeletionKey = "bez:sign-out-after-deletion";

/**
 * Right to erasure. Typing DELETE arms the button; when the sign-in is older than five minutes the API asks for a
 * fresh one (403 recent-login-required): the password is asked for here, then the deletion is sent again.
 */
export function DeleteSection() {
  const { api, email } = useAuth();
  const config = usePublicConfig();
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const [typedError, setTypedError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [reauth, setReauth] = useState(false);
  const [password, setPassword] = useState("");
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [reauthBusy, setReauthBusy] = useState(false);
  const confirmRef = useRef<HTMLInputElement>(null);

  const user = () => getFirebaseAuth(config).currentUser;
  const hasPassword = () => user()?.providerData.some((p) => p.providerId === "password") ?? false;

  async function attempt(): Promise<void> {
    setBusy(true);
    setFailure(null);
    try {
      const { deletionId } = await api.deleteAccount();
      try {
        window.sessionStorage.setItem(signOutAfterDeletionKey, deletionId);
      } catch {
        // the receipt page signs out regardless when the session no longer works
      }
      router.replace(`/deleted/${encodeURIComponent(deletionId)}`);
    } catch (err) {
      const apiError = asApiError(err);
      setBusy(false);
      if (apiError.code === "recent-login-required") {
        setPassword("");
        setPasswordError(null);
        setReauth(true);
      } else setFailure(apiError);
    }
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    if (typed.trim() !== "DELETE") {
      setTypedError("Type DELETE in capital letters to confirm.");
      confirmRef.current?.focus();
      return;
    }
    void attempt();
  }

  async function onReauth(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const u = user();
    if (!u || !email || reauthBusy) return;
    if (!password) return setPasswordError("Please enter your password.");
    setReauthBusy(true);
    setPasswordError(null);
    try {
      await reauthenticateWithCredential(u, EmailAuthProvider.credential(email, password));
      await u.getIdToken(true);
      setReauth(false);
      await attempt();
    } catch (err) {
      const problem = describeAuthError(err);
      setPasswordError(problem.field === "form" && /email or password/.test(problem.message) ? "That password isn’t right. Please try again." : problem.message);
    } finally {
      setReauthBusy(false);
    }
  }

  return (
    <Section
      id="delete"
      tone="danger"
      title="Delete your account"
      description="Permanent. Your encryption key is destroyed first, so your images become unreadable at once; then every image, description, token and setting is erased. You get a signed receipt."
    >
      <form noValidate onSubmit={onSubmit} aria-label="Delete your account" className="space-y-4">
        <Alert tone="error" title="This can’t be undone">
          Export your data first if you want to keep your images. Bez can’t restore a deleted account, not even for support.
        </Alert>
        <Input
          ref={confirmRef}
          id="delete-confirm"
          label={
            <>
              Type <span className="font-mono font-semibold">DELETE</span> to confirm
            </>
          }
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            if (typedError) setTypedError(null);
          }}
          error={typedError ?? undefined}
          containerClassName="max-w-xs"
        />
        <Button type="submit" variant="danger" loading={busy} loadingText="Deleting…">
          Delete my account
        </Button>
        <LiveRegion assertive>{failure ? <ProblemAlert error={failure} /> : null}</LiveRegion>
      </form>

      <Dialog
        open={reauth}
        onClose={() => (reauthBusy ? undefined : setReauth(false))}
        title="Please confirm it’s you"
        description="You signed in a while ago. For your security, deleting the account needs a fresh sign-in."
      >
        {hasPassword() ? (
          <form noValidate onSubmit={onReauth} className="mt-5 space-y-5" aria-label="Confirm your password">
            <PasswordInput
              id="reauth-password"
              label="Password"
              autoComplete="current-password"
              value={password}
              data-autofocus
              onChange={(e) => {
                setPassword(e.target.value);
                if (passwordError) setPasswordError(null);
              }}
              error={passwordError ?? undefined}
            />
            <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
              <Button variant="secondary" onClick={() => setReauth(false)} disabled={reauthBusy}>
                Cancel
              </Button>
              <Button type="submit" variant="danger" loading={reauthBusy} loadingText="Checking…">
                Confirm and delete
              </Button>
            </div>
          </form>
        ) : (
          <div className="mt-5 space-y-4 text-sm text-ink-soft">
            <p>
              You sign in with email links. Sign out, ask for a new sign-in link, and come back here within five minutes of
              using it.
            </p>
            <div className="flex justify-end">
              <Button variant="secondary" onClick={() => setReauth(false)}>
                Close
              </Button>
            </div>
          </div>
        )}
      </Dialog>
    </Section>
  );
}
