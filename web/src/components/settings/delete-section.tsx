"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, Input, LiveRegion } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";
import { useRecentLogin } from "./recent-login";
import { ProblemAlert, Section } from "./section";

/** Set just before leaving for /deleted/[id]: that page signs this browser out once it is shown. */
export const signOutAfterDeletionKey = "bez:sign-out-after-deletion";

/**
 * Right to erasure. Typing DELETE arms the button; when the sign-in is older than five minutes the API asks for a
 * fresh one (403 recent-login-required): the password is asked for here, then the deletion is sent again.
 */
export function DeleteSection() {
  const { api } = useAuth();
  const router = useRouter();
  const [typed, setTyped] = useState("");
  const [typedError, setTypedError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const recentLogin = useRecentLogin("deleting the account", "Confirm and delete", "danger");

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
      if (apiError.code === "recent-login-required") recentLogin.ask(attempt);
      else setFailure(apiError);
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

      {recentLogin.dialog}
    </Section>
  );
}
