"use client";

import { MailCheck } from "lucide-react";
import { useState } from "react";
import { usePublicConfig } from "@/components/providers/config-provider";
import { Alert, Button, LiveRegion } from "@/components/ui";
import { describeAuthError } from "@/lib/auth-errors";

export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * "Email me a sign-in link": sends a one-time link to the email typed above (no password needed). For someone new,
 * the link creates the account; the studio then asks for the age and policy confirmations before anything else.
 */
export function MagicLinkRequest({
  email,
  onInvalidEmail,
  label = "Email me a sign-in link",
}: {
  email: string;
  /** Called with a message when the email field is empty or malformed (the form shows it under the field). */
  onInvalidEmail: (message: string) => void;
  label?: string;
}) {
  const config = usePublicConfig();
  const [phase, setPhase] = useState<"idle" | "sending" | "sent">("idle");
  const [sentTo, setSentTo] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function send() {
    if (phase === "sending") return;
    const value = email.trim();
    if (!value) return onInvalidEmail("Enter your email above, and we'll send the link there.");
    if (!emailPattern.test(value)) return onInvalidEmail("That doesn't look like an email address.");
    setPhase("sending");
    setError(null);
    try {
      // The Firebase SDK comes with the first sign-in attempt, not with the page (see SignInForm).
      const [{ getFirebaseAuth }, { sendMagicLink }] = await Promise.all([import("@/lib/firebase"), import("@/lib/magic-link")]);
      await sendMagicLink(getFirebaseAuth(config), value);
      setSentTo(value);
      setPhase("sent");
    } catch (err) {
      setError(describeAuthError(err).message);
      setPhase("idle");
    }
  }

  return (
    <div>
      <LiveRegion>
        {phase === "sent" ? (
          <Alert tone="success" title="Check your email" className="mb-4" role="status">
            <span data-testid="magic-link-sent">
              We sent a sign-in link to <span className="font-medium text-ink">{sentTo}</span>. Open it on this device to
              sign in at once; the link works once and expires after a while.
            </span>
          </Alert>
        ) : null}
      </LiveRegion>
      <LiveRegion assertive>
        {error ? (
          <Alert tone="error" title="We couldn't send the link" className="mb-4">
            {error}
          </Alert>
        ) : null}
      </LiveRegion>
      <Button variant="secondary" size="lg" className="w-full" onClick={send} loading={phase === "sending"} loadingText="Sending…">
        <MailCheck aria-hidden="true" className="size-4" />
        {phase === "sent" ? "Send another link" : label}
      </Button>
    </div>
  );
}

/** The "or" rule between password sign-in and the link. */
export function OrDivider() {
  return (
    <div className="my-6 flex items-center gap-3 text-xs uppercase tracking-[0.18em] text-muted" aria-hidden="true">
      <span className="h-px flex-1 bg-line" />
      or
      <span className="h-px flex-1 bg-line" />
    </div>
  );
}
