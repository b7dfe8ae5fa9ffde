import Link from "next/link";
import { DiamondMark } from "./wordmark";

export function SiteFooter({ emulator }: { emulator: boolean }) {
  return (
    <footer className="mt-auto border-t border-line">
      <div className="mx-auto flex max-w-6xl flex-col gap-4 px-5 py-8 text-[13px] text-muted sm:flex-row sm:items-center sm:justify-between sm:px-8">
        <div className="flex items-center gap-2">
          <DiamondMark className="size-3.5 text-accent" />
          <span>Bez — private product imagery for jewelers.</span>
        </div>
        <nav aria-label="Footer" className="flex flex-wrap items-center gap-x-5 gap-y-2">
          <Link href="/privacy" className="hover:text-ink">
            Privacy
          </Link>
          {/* Plain HTML from the pages router (pages/security.tsx): nothing to prefetch. */}
          <Link href="/security" prefetch={false} className="hover:text-ink">
            Security
          </Link>
          {emulator ? (
            <span
              className="inline-flex items-center gap-1.5 rounded-full bg-warning-soft px-2.5 py-0.5 text-[12px] text-warning"
              title="This copy of Bez signs in against a local test service. Do not use real passwords."
            >
              <span aria-hidden="true" className="size-1.5 rounded-full bg-warning" />
              Local test sign-in — not for real passwords
            </span>
          ) : null}
        </nav>
      </div>
    </footer>
  );
}
