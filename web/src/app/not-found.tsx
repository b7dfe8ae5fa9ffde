import Link from "next/link";
import { buttonClasses } from "@/components/ui";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <section className="mx-auto flex w-full max-w-xl flex-1 flex-col items-center justify-center px-6 py-24 text-center">
      <p className="text-xs font-medium uppercase tracking-[0.2em] text-accent">404</p>
      <h1 className="mt-4 font-display text-5xl font-medium text-ink">This page isn&rsquo;t here</h1>
      <p className="mt-4 text-ink-soft">The link may be incomplete, or the page has moved.</p>
      <Link href="/" className={buttonClasses("secondary", "md", "mt-8")}>
        Back to the home page
      </Link>
    </section>
  );
}
