import Link from "next/link";
import { cn } from "@/lib/cn";

/** A brilliant-cut outline: the Bez mark. */
export function DiamondMark({ className }: { className?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.2"
      strokeLinejoin="round"
      className={cn("size-5", className)}
    >
      <path d="M6.5 4h11l4 5L12 20.5 2.5 9l4-5Z" />
      <path d="M2.5 9h19M9.5 4 8 9l4 11.5L16 9l-1.5-5M8 9l4-5 4 5" />
    </svg>
  );
}

export function Wordmark({ className }: { className?: string }) {
  return (
    // The landing page is plain HTML from the pages router (pages/index.tsx): nothing to prefetch, the link loads it.
    <Link
      href="/"
      prefetch={false}
      aria-label="Bez — home"
      className={cn("group inline-flex items-center gap-2 text-ink", className)}
    >
      <DiamondMark className="size-[18px] text-accent transition-transform duration-300 group-hover:rotate-[8deg]" />
      <span className="font-display text-[28px] font-medium leading-none tracking-[0.01em]">Bez</span>
    </Link>
  );
}
