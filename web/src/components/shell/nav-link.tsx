"use client";

import Link from "next/link";
import { useAppPathname } from "@/lib/app-navigation";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export function NavLink({ href, children, className }: { href: string; children: ReactNode; className?: string }) {
  const pathname = useAppPathname();
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
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
