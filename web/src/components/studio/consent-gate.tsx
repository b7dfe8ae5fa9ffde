"use client";

import type { Me } from "@bez/contracts";
import { currentPolicyVersion } from "@bez/contracts";
import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, Card, CardBody, Checkbox, LiveRegion } from "@/components/ui";
import { asApiError, type ApiError } from "@/lib/api";

/**
 * Shown before anything else when the profile lacks the sign-up consent (age 13+ and the current privacy policy),
 * e.g. when recording it right after sign-up failed, or when the policy has a new version.
 */
export function ConsentGate({ me, onAccepted }: { me: Me; onAccepted: (me: Me) => void }) {
  const { api, signOut } = useAuth();
  const [age, setAge] = useState(me.ageConfirmed);
  const [policy, setPolicy] = useState(false);
  const [errors, setErrors] = useState<{ age?: string; policy?: string }>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const ageRef = useRef<HTMLInputElement>(null);
  const policyRef = useRef<HTMLInputElement>(null);
  const updated = me.policy !== null && me.policy.version !== currentPolicyVersion;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const found = {
      age: age ? undefined : "Please confirm you are 13 or older.",
      policy: policy ? undefined : "Please accept the privacy policy to continue.",
    };
    setErrors(found);
    if (found.age) return ageRef.current?.focus();
    if (found.policy) return policyRef.current?.focus();
    setBusy(true);
    setFailure(null);
    try {
      onAccepted(await api.recordConsent());
    } catch (err) {
      setFailure(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mx-auto w-full max-w-lg px-5 py-16">
      <Card>
        <CardBody className="py-8 sm:px-9">
          <p className="text-xs font-medium uppercase tracking-[0.2em] text-accent">One more step</p>
          <h1 className="mt-3 font-display text-4xl font-medium text-ink">
            {updated ? "Our privacy policy has changed" : "Before you begin"}
          </h1>
          <p className="mt-3 text-[15px] leading-relaxed text-ink-soft">
            {updated
              ? "Please read and accept the new version to keep using your studio."
              : "We need two confirmations before we open your studio."}
          </p>
          <LiveRegion assertive className="mt-5 empty:hidden">
            {failure ? (
              <Alert
                tone="error"
                title={failure.title}
                footnote={failure.requestId ? `Reference: ${failure.requestId}` : undefined}
              >
                {failure.detail}
              </Alert>
            ) : null}
          </LiveRegion>
          <form noValidate onSubmit={onSubmit} className="mt-6 space-y-4" aria-label="Confirm age and accept privacy policy">
            <Checkbox
              ref={ageRef}
              id="consent-age"
              checked={age}
              onChange={(e) => {
                setAge(e.target.checked);
                if (e.target.checked) setErrors((x) => ({ ...x, age: undefined }));
              }}
              label="I am 13 or older"
              error={errors.age}
            />
            <Checkbox
              ref={policyRef}
              id="consent-policy"
              checked={policy}
              onChange={(e) => {
                setPolicy(e.target.checked);
                if (e.target.checked) setErrors((x) => ({ ...x, policy: undefined }));
              }}
              label={
                <>
                  I accept the{" "}
                  <Link href="/privacy" target="_blank" className="font-medium text-accent underline underline-offset-2">
                    privacy policy
                    <span className="sr-only"> (opens in a new tab)</span>
                  </Link>{" "}
                  <span className="text-muted">(version {currentPolicyVersion})</span>
                </>
              }
              error={errors.policy}
            />
            <div className="flex flex-col-reverse gap-3 pt-3 sm:flex-row sm:justify-between">
              <Button variant="ghost" onClick={() => void signOut()}>
                Sign out
              </Button>
              <Button type="submit" loading={busy} loadingText="Saving…" aria-disabled={!(age && policy) || busy || undefined}>
                Continue to studio
              </Button>
            </div>
          </form>
        </CardBody>
      </Card>
    </div>
  );
}
