"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { preloadAuthSession, useAuth } from "@/components/providers/auth-provider";
import { Alert, Button, Checkbox, Input, LiveRegion, Spinner } from "@/components/ui";
import { asApiError } from "@/lib/api";
import { describeAuthError } from "@/lib/auth-errors";
import { minPasswordLength } from "@/lib/password-strength";
import { AlreadySignedIn } from "./already-signed-in";
import { AuthCard } from "./auth-card";
import { PasswordInput } from "./password-input";
import { StrengthMeter } from "./strength-meter";

type Field = "email" | "password" | "age" | "policy";
type Errors = Partial<Record<Field, string>> & { emailHint?: "sign-in" };
type FormProblem = { title: string; message: string; requestId?: string | null } | null;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function SignUpForm() {
  const { status, email: signedInEmail, signUp, api } = useAuth();
  const router = useRouter();

  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [age, setAge] = useState(false);
  const [policy, setPolicy] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<FormProblem>(null);
  const [phase, setPhase] = useState<"idle" | "creating" | "consent" | "done">("idle");
  /** The Firebase account exists (a retry only needs to record consent again). */
  const created = useRef(false);
  const refs = {
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    age: useRef<HTMLInputElement>(null),
    policy: useRef<HTMLInputElement>(null),
  };
  const ready = age && policy;
  const busy = phase === "creating" || phase === "consent";

  function validate(): Errors {
    const found: Errors = {};
    if (!created.current) {
      if (!email.trim()) found.email = "Please enter your email address.";
      else if (!emailPattern.test(email.trim())) found.email = "That doesn't look like an email address.";
      if (password.length < minPasswordLength) {
        found.password = password
          ? `Please use at least ${minPasswordLength} characters.`
          : "Please choose a password.";
      }
    }
    if (!age) found.age = "Please confirm you are 13 or older. Bez isn't available to younger people.";
    if (!policy) found.policy = "Please accept the privacy policy to create an account.";
    return found;
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy || phase === "done") return;
    setProblem(null);
    const found = validate();
    setErrors(found);
    const first = (["email", "password", "age", "policy"] as const).find((f) => found[f]);
    if (first) {
      refs[first].current?.focus();
      return;
    }

    try {
      if (!created.current) {
        setPhase("creating");
        await signUp(email.trim(), password);
        created.current = true;
      }
    } catch (err) {
      setPhase("idle");
      const p = describeAuthError(err);
      if (p.field === "email" || p.field === "password") {
        setErrors({ [p.field]: p.message, emailHint: p.hint === "sign-in" ? "sign-in" : undefined });
        refs[p.field].current?.focus();
      } else {
        setProblem({ title: "We couldn't create your account", message: p.message });
      }
      return;
    }

    try {
      setPhase("consent");
      await api.recordConsent();
      setPhase("done");
      router.replace("/studio");
    } catch (err) {
      setPhase("idle");
      const apiError = asApiError(err);
      setProblem({
        title: "Your account is created, but we couldn't save your consent",
        message: `${apiError.title}. ${apiError.detail}`,
        requestId: apiError.requestId,
      });
    }
  }

  if (phase === "done") {
    return (
      <AuthCard title="Welcome to Bez">
        <p className="flex items-center justify-center gap-2 text-ink-soft" role="status">
          <Spinner /> Preparing your studio…
        </p>
      </AuthCard>
    );
  }

  if (status === "signed-in" && phase === "idle" && !created.current) {
    return (
      <AuthCard title="Create your account">
        <AlreadySignedIn email={signedInEmail} />
      </AuthCard>
    );
  }

  const passwordMeterId = "signup-password-meter";
  return (
    <AuthCard
      title="Create your account"
      subtitle="A private studio, encrypted with a key of your own."
      footer={
        <>
          Already have an account?{" "}
          <Link href="/sign-in" className="font-medium text-accent underline-offset-4 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <LiveRegion assertive>
        {problem ? (
          <Alert
            tone="error"
            title={problem.title}
            className="mb-6"
            footnote={problem.requestId ? `Reference: ${problem.requestId}` : undefined}
          >
            {problem.message}
          </Alert>
        ) : null}
      </LiveRegion>
      <form noValidate onSubmit={onSubmit} onFocus={preloadAuthSession} className="space-y-5" aria-label="Create your account">
        <Input
          ref={refs.email}
          id="signup-email"
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          inputMode="email"
          spellCheck={false}
          autoCapitalize="none"
          value={email}
          disabled={created.current}
          onChange={(e) => {
            setEmail(e.target.value);
            if (errors.email) setErrors((x) => ({ ...x, email: undefined, emailHint: undefined }));
          }}
          error={
            errors.email ? (
              <>
                {errors.email}
                {errors.emailHint === "sign-in" ? (
                  <>
                    {" "}
                    <Link href="/sign-in" className="font-medium underline underline-offset-2">
                      Sign in
                    </Link>
                  </>
                ) : null}
              </>
            ) : undefined
          }
        />
        <PasswordInput
          ref={refs.password}
          id="signup-password"
          label="Password"
          name="new-password"
          autoComplete="new-password"
          minLength={minPasswordLength}
          value={password}
          disabled={created.current}
          aria-describedby={errors.password ? `signup-password-error ${passwordMeterId}` : passwordMeterId}
          onChange={(e) => {
            setPassword(e.target.value);
            if (errors.password) setErrors((x) => ({ ...x, password: undefined }));
          }}
          below={<StrengthMeter password={password} id={passwordMeterId} hideTip={Boolean(errors.password)} />}
          error={errors.password}
        />

        <fieldset className="space-y-4 border-t border-line pt-5">
          <legend className="sr-only">Required confirmations</legend>
          <Checkbox
            ref={refs.age}
            id="signup-age"
            name="ageConfirmed"
            required
            checked={age}
            onChange={(e) => {
              setAge(e.target.checked);
              if (e.target.checked) setErrors((x) => ({ ...x, age: undefined }));
            }}
            label="I am 13 or older"
            error={errors.age}
          />
          <Checkbox
            ref={refs.policy}
            id="signup-policy"
            name="policyAccepted"
            required
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
                </Link>
              </>
            }
            error={errors.policy}
          />
        </fieldset>

        <div>
          <Button
            type="submit"
            size="lg"
            className="w-full"
            aria-disabled={!ready || busy || undefined}
            aria-describedby={!ready ? "signup-submit-hint" : undefined}
            loading={busy}
            loadingText={phase === "consent" ? "Saving your consent…" : "Creating your account…"}
          >
            {created.current ? "Try again" : "Create account"}
          </Button>
          {!ready ? (
            <p id="signup-submit-hint" className="mt-2.5 text-center text-[13px] text-muted">
              Tick both boxes above to continue.
            </p>
          ) : null}
        </div>
      </form>
    </AuthCard>
  );
}
