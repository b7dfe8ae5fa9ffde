"use client";

import Link from "next/link";
import { useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Button, buttonClasses } from "@/components/ui";

/** Shown on the sign-in and sign-up pages to someone who is already signed in. */
export function AlreadySignedIn({ email, next = "/studio" }: { email: string | null; next?: string }) {
  const { signOut } = useAuth();
  const [busy, setBusy] = useState(false);
  return (
    <div className="text-center">
      <p className="text-[15px] text-ink-soft">
        You&rsquo;re signed in as <span className="font-medium text-ink">{email}</span>.
      </p>
      <div className="mt-6 flex flex-col gap-3">
        <Link href={next} className={buttonClasses("primary", "lg", "w-full")}>
          Continue to your studio
        </Link>
        <Button
          variant="ghost"
          loading={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await signOut();
            } finally {
              setBusy(false);
            }
          }}
        >
          Use a different account
        </Button>
      </div>
    </div>
  );
}
