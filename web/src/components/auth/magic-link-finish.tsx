"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { usePublicConfig } from "@/components/providers/config-provider";
import { Alert, Button, buttonClasses, Input, LiveRegion, Spinner } from "@/components/ui";
import { describeAuthError } from "@/lib/auth-errors";
import { getFirebaseAuth } from "@/lib/firebase";
import { completeMagicLink, isMagicLink, storedMagicLinkEmail } from "@/lib/magic-link";
import { AuthCard } from "./auth-card";
import { emailPattern } from "./magic-link-request";

type Phase =
  | { kind: "checking" }
  | { kind: "ask-email" }
  | { kind: "signing-in" }
  | { kind: "done" }
  | { kind: "failed"; message: string; link: boolean }
  | { kind: "not-a-link" };

/**
 * `/sign-in/finish`: where a sign-in link lands. With the email this browser stored when the link was asked for,
 * sign-in completes at once; on another device the email is asked for again (it is never in the link).
 */
export function MagicLinkFinish() {
  const config = usePublicConfig();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>({ kind: "checking" });
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string | null>(null);
  const href = useRef<string | null>(null);
  const started = useRef(false);
  const emailRef = useRef<HTMLInputElement>(null);

  async function complete(address: string) {
    const link = href.current;
    if (!link) return;
    setPhase({ kind: "signing-in" });
    try {
      await completeMagicLink(getFirebaseAuth(config), address, link);
      href.current = null;
      // The one-time code must not stay in the address bar or the history.
      window.history.replaceState(null, "", "/sign-in/finish");
      setPhase({ kind: "done" });
      router.replace("/studio");
    } catch (err) {
      const problem = describeAuthError(err);
      const code = err && typeof err === "object" && "code" in err ? String((err as { code: unknown }).code) : "";
      if (code === "auth/invalid-email") {
        setPhase({ kind: "ask-email" });
        setEmailError("This link was sent to a different email address. Please enter the one you asked it for.");
        return;
      }
      href.current = null;
      window.history.replaceState(null, "", "/sign-in/finish");
      setPhase({ kind: "failed", message: problem.message, link: problem.hint === "link" });
    }
  }

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const link = window.location.href;
    const auth = getFirebaseAuth(config);
    if (!isMagicLink(auth, link)) {
      setPhase({ kind: "not-a-link" });
      return;
    }
    href.current = link;
    const stored = storedMagicLinkEmail();
    if (stored) void complete(stored);
    else setPhase({ kind: "ask-email" });
  }, [config]);

  useEffect(() => {
    if (phase.kind === "ask-email") emailRef.current?.focus();
  }, [phase.kind]);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const value = email.trim();
    if (!value) return setEmailError("Please enter your email address.");
    if (!emailPattern.test(value)) return setEmailError("That doesn't look like an email address.");
    setEmailError(null);
    void complete(value);
  }

  if (phase.kind === "checking" || phase.kind === "signing-in" || phase.kind === "done") {
    return (
      <AuthCard title="Signing you in">
        <p className="flex items-center justify-center gap-2 text-ink-soft" role="status">
          <Spinner /> {phase.kind === "done" ? "Opening your studio…" : "Checking your link…"}
        </p>
      </AuthCard>
    );
  }

  if (phase.kind === "ask-email") {
    return (
      <AuthCard title="Confirm your email" subtitle="One last step to finish signing in.">
        <p className="mb-5 text-sm leading-relaxed text-ink-soft">
          It looks like you opened the link on a different device or browser. For your security, please type the email
          address you asked the link for.
        </p>
        <form noValidate onSubmit={onSubmit} className="space-y-5" aria-label="Confirm your email">
          <Input
            ref={emailRef}
            id="finish-email"
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            inputMode="email"
            spellCheck={false}
            autoCapitalize="none"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
              if (emailError) setEmailError(null);
            }}
            error={emailError ?? undefined}
          />
          <Button type="submit" size="lg" className="w-full">
            Sign in
          </Button>
        </form>
      </AuthCard>
    );
  }

  const title = phase.kind === "not-a-link" ? "This link is incomplete" : phase.link ? "This link can't be used" : "We couldn't sign you in";
  const message =
    phase.kind === "not-a-link"
      ? "The address is missing part of the sign-in link. Please open the link from your email again, or ask for a new one."
      : phase.message;
  return (
    <AuthCard title="Sign-in link">
      <LiveRegion assertive>
        <Alert tone="error" title={title}>
          <span data-testid="magic-link-error">{message}</span>
        </Alert>
      </LiveRegion>
      <div className="mt-6 flex flex-col gap-3">
        <Link href="/sign-in" className={buttonClasses("primary", "lg", "w-full")}>
          Get a new sign-in link
        </Link>
        <p className="text-center text-[13px] text-muted">You can also sign in with your password there.</p>
      </div>
    </AuthCard>
  );
}
