"use client";

import { MailWarning, X } from "lucide-react";
import { useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { LiveRegion } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const dismissKey = "bez:verify-email-dismissed";

function readDismissed(): boolean {
  try {
    return window.sessionStorage.getItem(dismissKey) === "1";
  } catch {
    return false;
  }
}

/**
 * A gentle strip under the header until the signed-in user has confirmed their email: send the email again, or say
 * it is done (the account is re-read). Dismissable for this browser session; it never blocks anything.
 */
export function VerifyEmailBanner() {
  const { status, email, emailVerified, resendVerification, recheckVerification } = useAuth();
  // Mounted only in the browser once someone is signed in (AccountBanners), so storage can be read while rendering:
  // the strip then appears in the same frame as the page instead of one frame later.
  const [hidden, setHidden] = useState(readDismissed);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState<"send" | "check" | null>(null);

  if (status !== "signed-in" || emailVerified || hidden || !email) return null;

  async function resend() {
    if (busy) return;
    setBusy("send");
    try {
      if (!(await resendVerification())) return;
      setNote(`Sent. Please check ${email} (and the spam folder).`);
    } catch {
      setNote("We couldn't send it just now. Please try again in a few minutes.");
    } finally {
      setBusy(null);
    }
  }

  async function check() {
    if (busy) return;
    setBusy("check");
    try {
      if (await recheckVerification()) setHidden(true);
      else setNote("Not confirmed yet. Open the link in the email we sent, then try again.");
    } catch {
      setNote("We couldn't check just now. Please try again in a moment.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="border-b border-warning/20 bg-warning-soft" data-testid="verify-email-banner">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-5 py-2.5 text-sm sm:px-8">
        <MailWarning aria-hidden="true" className="size-4 shrink-0 text-warning" />
        <div className="min-w-[15rem] flex-1 text-ink-soft">
          <span className="font-medium text-ink">Please confirm your email.</span> We sent a link to {email} so we can
          reach you about your account.
          <LiveRegion className="inline">{note ? <span className="ml-1 text-ink">{note}</span> : null}</LiveRegion>
        </div>
        <div className="flex items-center gap-1">
          <Button variant="ghost" size="sm" onClick={resend} loading={busy === "send"}>
            Send again
          </Button>
          <Button variant="ghost" size="sm" onClick={check} loading={busy === "check"}>
            I&rsquo;ve confirmed it
          </Button>
          <Button
            variant="ghost"
            size="icon-sm"
            aria-label="Hide this reminder"
            onClick={() => {
              setHidden(true);
              try {
                window.sessionStorage.setItem(dismissKey, "1");
              } catch {
                // hidden for this page only
              }
            }}
          >
            <X aria-hidden="true" className="size-3.5" />
          </Button>
        </div>
      </div>
    </div>
  );
}
