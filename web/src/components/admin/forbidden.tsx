import Link from "next/link";
import { buttonClasses } from "@/components/ui";

/**
 * What a signed-in account sees on an admin page it may not open: plain words and a way back, none of the admin
 * navigation. The API refuses the same account with 403 `forbidden` regardless.
 */
export function Forbidden({ staff }: { staff: boolean }) {
  return (
    <section
      aria-labelledby="forbidden-title"
      className="mx-auto flex w-full max-w-2xl flex-1 flex-col items-center justify-center px-6 py-24 text-center"
      data-testid="forbidden"
    >
      <p className="text-xs font-medium uppercase tracking-[0.2em] text-accent">403 · Not allowed</p>
      <h1 id="forbidden-title" className="mt-4 font-display text-5xl font-medium text-ink">
        {staff ? "Your role can’t open this page" : "This page is for the Bez team"}
      </h1>
      <p className="mt-4 leading-relaxed text-ink-soft">
        {staff
          ? "This part of the admin console belongs to a different staff role. Ask an administrator if you need it."
          : "Your account is signed in, but this area is only for the people who run Bez. Nothing of yours is here, and nothing has changed."}
      </p>
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link href="/studio" className={buttonClasses("primary", "md")}>
          Back to your studio
        </Link>
        {staff ? (
          <Link href="/admin" className={buttonClasses("secondary", "md")}>
            Admin overview
          </Link>
        ) : null}
      </div>
    </section>
  );
}
