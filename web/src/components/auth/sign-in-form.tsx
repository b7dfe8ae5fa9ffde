"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useAppSearchParams } from "@/lib/app-navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { preloadAuthSession, useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, Input, LiveRegion, Spinner } from "@/components/ui";
import { describeAuthError, type AuthProblem } from "@/lib/auth-errors";
import { safeNextPath } from "@/lib/safe-next";
import { AlreadySignedIn } from "./already-signed-in";
import { AuthCard } from "./auth-card";
import { MagicLinkRequest, OrDivider } from "./magic-link-request";
import { PasswordInput } from "./password-input";

type Errors = { email?: string; password?: string; form?: string; formHint?: AuthProblem["hint"] };

export function SignInForm() {
  const { status, email: signedInEmail, signIn } = useAuth();
  const router = useRouter();
  const params = useAppSearchParams();
  const next = safeNextPath(params.get("next"));
  const signedOut = params.get("signed-out") === "1";
  const fromProtected = params.get("next") !== null;

  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [phase, setPhase] = useState<"idle" | "submitting" | "done">("idle");
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  // Leaves once the signed-in state is committed: navigating in the same batch as the sign-in could render the next
  // page with the old "signed out" answer, which sends the user straight back here.
  useEffect(() => {
    if (phase === "done" && status === "signed-in") router.replace(next);
  }, [phase, status, router, next]);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (phase !== "idle") return;
    const found: Errors = {};
    if (!email.trim()) found.email = "Please enter your email address.";
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) found.email = "That doesn't look like an email address.";
    if (!password) found.password = "Please enter your password.";
    setErrors(found);
    if (found.email) return emailRef.current?.focus();
    if (found.password) return passwordRef.current?.focus();

    setPhase("submitting");
    try {
      await signIn(email.trim(), password);
      setPhase("done");
    } catch (err) {
      const problem = describeAuthError(err);
      setPhase("idle");
      if (problem.field === "email") {
        setErrors({ email: problem.message, formHint: problem.hint });
        emailRef.current?.focus();
      } else if (problem.field === "password") {
        setErrors({ password: problem.message });
        passwordRef.current?.focus();
      } else {
        setErrors({ form: problem.message });
      }
    }
  }

  if (phase === "done") {
    return (
      <AuthCard title="Welcome back">
        <p className="flex items-center justify-center gap-2 text-ink-soft" role="status">
          <Spinner /> Opening your studio…
        </p>
      </AuthCard>
    );
  }

  if (status === "signed-in" && phase === "idle") {
    return (
      <AuthCard title="Welcome back">
        <AlreadySignedIn email={signedInEmail} next={next} />
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Welcome back"
      subtitle="Sign in to your private studio."
      footer={
        <>
          New to Bez?{" "}
          <Link href="/sign-up" className="font-medium text-accent underline-offset-4 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      {signedOut && !errors.form ? (
        <Alert tone="success" className="mb-6" role="status">
          You&rsquo;ve signed out. See you soon.
        </Alert>
      ) : fromProtected && !errors.form ? (
        <Alert tone="info" className="mb-6">
          Please sign in to continue.
        </Alert>
      ) : null}
      <LiveRegion assertive>
        {errors.form ? (
          <Alert tone="error" title="We couldn't sign you in" className="mb-6">
            {errors.form}
          </Alert>
        ) : null}
      </LiveRegion>
      <form noValidate onSubmit={onSubmit} onFocus={preloadAuthSession} className="space-y-5" aria-label="Sign in">
        <Input
          ref={emailRef}
          id="signin-email"
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
            if (errors.email || errors.form) setErrors({});
          }}
          error={
            errors.email ? (
              <>
                {errors.email}
                {errors.formHint === "sign-up" ? (
                  <>
                    {" "}
                    <Link href="/sign-up" className="font-medium underline underline-offset-2">
                      Create an account
                    </Link>
                  </>
                ) : null}
              </>
            ) : undefined
          }
        />
        <PasswordInput
          ref={passwordRef}
          id="signin-password"
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            if (errors.password || errors.form) setErrors({});
          }}
          error={errors.password}
        />
        <Button type="submit" size="lg" className="w-full" loading={phase === "submitting"} loadingText="Signing in…">
          Sign in
        </Button>
      </form>
      <OrDivider />
      <MagicLinkRequest
        email={email}
        onInvalidEmail={(message) => {
          setErrors({ email: message });
          emailRef.current?.focus();
        }}
      />
      <p className="mt-3 text-center text-[13px] leading-snug text-muted">No password needed: we email you a link that signs you in.</p>
    </AuthCard>
  );
}
