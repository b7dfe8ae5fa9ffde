"use client";

import { Alert, Button } from "@/components/ui";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="mx-auto flex w-full max-w-xl flex-1 flex-col justify-center px-6 py-24">
      <Alert
        tone="error"
        role="alert"
        title="Something went wrong on this page"
        footnote={error.digest ? `Reference: ${error.digest}` : undefined}
        action={
          <Button variant="secondary" size="sm" onClick={reset}>
            Try again
          </Button>
        }
      >
        Your data is safe. Please try again; if it keeps happening, reload the page.
      </Alert>
    </section>
  );
}
