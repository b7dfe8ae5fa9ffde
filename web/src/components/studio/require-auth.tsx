"use client";

import { useRouter } from "next/navigation";
import { useAppPathname } from "@/lib/app-navigation";
import { useEffect, type ReactNode } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Spinner } from "@/components/ui";

/**
 * Renders its children only for a signed-in user; anyone else is sent to /sign-in (and brought back after).
 * The check runs in the browser because sign-in state lives in the Firebase client SDK; the API enforces access
 * on every call regardless.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, signedOutByUser } = useAuth();
  const router = useRouter();
  const pathname = useAppPathname();

  useEffect(() => {
    if (status !== "signed-out") return;
    router.replace(signedOutByUser ? "/sign-in?signed-out=1" : `/sign-in?next=${encodeURIComponent(pathname)}`);
  }, [status, signedOutByUser, router, pathname]);

  if (status !== "signed-in") {
    return (
      // A screen tall, so the footer starts below the fold and the page that replaces this moves nothing in view.
      <div className="flex min-h-dvh flex-1 items-center justify-center py-24" role="status">
        <p className="flex items-center gap-2 text-sm text-muted">
          <Spinner /> {status === "loading" ? "Checking your session…" : "Taking you to sign in…"}
        </p>
      </div>
    );
  }
  return <>{children}</>;
}
