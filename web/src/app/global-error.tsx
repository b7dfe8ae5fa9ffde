"use client";

import "./globals.css";

/** Replaces the root layout when it fails itself. Plain markup: no providers, no inline styles (CSP). */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center bg-canvas px-6 text-ink">
        <title>Something went wrong · Bez</title>
        <main className="max-w-md text-center">
          <p className="text-xs font-medium uppercase tracking-[0.2em] text-accent">Bez</p>
          <h1 className="mt-4 text-3xl font-medium">Something went wrong</h1>
          <p className="mt-3 text-ink-soft">Your data is safe. Please try again in a moment.</p>
          {error.digest ? <p className="mt-2 font-mono text-xs text-muted">Reference: {error.digest}</p> : null}
          <button
            type="button"
            onClick={reset}
            className="mt-8 inline-flex h-10 items-center rounded-full bg-ink px-5 text-sm font-medium text-canvas"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
