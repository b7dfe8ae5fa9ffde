"use client";

import Link from "next/link";
import { useAppPathname } from "@/lib/app-navigation";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export function NavLink({
  href,
  children,
  className,
  prefetch,
}: {
  href: string;
  children: ReactNode;
  className?: string;
  /** false for a page of the pages router (src/pages), which the app router cannot prefetch. */
  prefetch?: false;
}) {
  const pathname = useAppPathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      prefetch={prefetch}
      aria-current={active ? "page" : undefined}
      className={cn(
        "relative rounded-full px-3 py-1.5 text-sm transition-colors",
        active ? "text-ink" : "text-ink-soft hover:text-ink",
        className,
      )}
    >
      {children}
      {active ? (
        <span aria-hidden="true" className="absolute inset-x-3 -bottom-[17px] h-px bg-accent" />
      ) : null}
    </Link>
  );
}
