"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { usePublicConfig } from "@/components/providers/config-provider";
import { Alert, Button, buttonClasses, Card, CardBody, LiveRegion } from "@/components/ui";
import { asApiError, redeemIpUnlockLink, type ApiError } from "@/lib/api";

/**
 * `/unlock-ip-lock#<secret>`: the page the emailed unlock link opens. The secret stays in the fragment (never sent to
 * a server, never in logs), and the lock goes off only on a click, so a mail scanner opening the link spends nothing.
 */
export function IpUnlockView() {
  const config = usePublicConfig();
  const [secret, setSecret] = useState<string | null>(null);
  const [state, setState] = useState<"ready" | "busy" | "done">("ready");
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    setSecret(window.location.hash.slice(1) || null);
  }, []);

  async function unlock() {
    if (!secret) return;
    setState("busy");
    setError(null);
    try {
      await redeemIpUnlockLink(config.apiUrl, secret);
      window.history.replaceState(null, "", window.location.pathname);
      setState("done");
    } catch (err) {
      setError(asApiError(err));
      setState("ready");
    }
  }

  const invalid = error?.code === "invalid-link" || (secret === null && state === "ready");
  return (
    <Card>
      <CardBody className="space-y-5">
        <h1 className="font-display text-3xl font-medium text-ink">Turn off your IP lock</h1>
        {state === "done" ? (
          <Alert tone="success" title="Your IP lock is off">
            You can sign in from anywhere again. Your list of networks is kept: turn the lock back on in Settings when you are
            on one of them.
          </Alert>
        ) : (
          <p className="text-ink-soft">
            Your account accepts connections only from the networks you listed. This turns that lock off, so you can get back
            in from where you are now.
          </p>
        )}
        <LiveRegion assertive>
          {invalid ? (
            <Alert tone="error" title="This link can’t be used">
              It was used already, has expired (links last 15 minutes), or is incomplete. Sign in and ask for a new one.
            </Alert>
          ) : error ? (
            <Alert tone="error" title={error.title} footnote={error.requestId ? `Reference: ${error.requestId}` : undefined}>
              {error.detail}
            </Alert>
          ) : null}
        </LiveRegion>
        {state === "done" ? (
          <Link href="/studio" className={buttonClasses("primary")}>
            Go to your studio
          </Link>
        ) : (
          <Button onClick={() => void unlock()} loading={state === "busy"} loadingText="Turning off…" disabled={!secret}>
            Turn off IP lock
          </Button>
        )}
      </CardBody>
    </Card>
  );
}

/** Shown where the IP lock turned the owner away: emails them the unlock link. */
export function IpUnlockLinkButton() {
  const { api } = useAuth();
  const [state, setState] = useState<"ready" | "busy" | "sent">("ready");
  const [error, setError] = useState<ApiError | null>(null);

  async function send() {
    setState("busy");
    setError(null);
    try {
      await api.requestIpUnlockLink();
      setState("sent");
    } catch (err) {
      setError(asApiError(err));
      setState("ready");
    }
  }

  if (state === "sent") return <p className="text-sm text-ink-soft">Check your email: the link turns the lock off and works once, for 15 minutes.</p>;
  return (
    <span className="inline-flex flex-col gap-1">
      <Button size="sm" variant="secondary" onClick={() => void send()} loading={state === "busy"} loadingText="Sending…">
        Email me a link to turn it off
      </Button>
      {error ? <span className="text-xs text-danger">{error.title}</span> : null}
    </span>
  );
}
