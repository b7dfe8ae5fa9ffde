import { Cookie } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";

/** The banner's words and layout, shared by the app's banner and the pages served without JavaScript. */
export function CookieBannerFrame({ choices, trailing }: { choices: ReactNode; trailing?: ReactNode }) {
  return (
    <section aria-label="Analytics cookies" className="border-b border-line bg-surface" data-testid="cookie-banner" data-consent-banner="">
      <div className="mx-auto flex max-w-6xl flex-col gap-3 px-5 py-3.5 text-sm sm:flex-row sm:items-center sm:gap-6 sm:px-8">
        <Cookie aria-hidden="true" className="hidden size-5 shrink-0 text-accent sm:block" />
        <p className="min-w-0 flex-1 leading-relaxed text-ink-soft">
          <span className="font-medium text-ink">May we count visits?</span> With your yes we use anonymous analytics
          cookies to learn which pages help jewelers. Your images and descriptions are never part of it.{" "}
          <Link href="/privacy" className="underline underline-offset-2 hover:text-ink">
            Privacy
          </Link>
        </p>
        <div className="flex shrink-0 gap-2">{choices}</div>
      </div>
      {trailing}
    </section>
  );
}
