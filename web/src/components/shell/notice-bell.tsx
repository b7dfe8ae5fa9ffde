"use client";

import { Bell } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useNotices } from "@/components/providers/notices-provider";
import { buttonClasses } from "@/components/ui/button";
import { cn } from "@/lib/cn";

/** The header's way into the inbox, with the number of unread notices. */
export function NoticeBell() {
  const { unread } = useNotices();
  const pathname = usePathname();
  const count = unread ?? 0;
  const label = count === 0 ? "Notices" : `Notices, ${count} unread`;
  return (
    <Link
      href="/notices"
      aria-label={label}
      title={label}
      aria-current={pathname === "/notices" ? "page" : undefined}
      className={cn(buttonClasses("ghost", "icon"), "relative aria-[current=page]:bg-sunken aria-[current=page]:text-ink")}
      data-testid="notice-bell"
    >
      <Bell aria-hidden="true" className="size-[18px]" />
      {count > 0 ? (
        <span
          aria-hidden="true"
          data-testid="notice-badge"
          className="absolute right-0.5 top-0.5 flex h-[18px] min-w-[18px] items-center justify-center rounded-full bg-danger px-1 text-[11px] font-semibold leading-none text-white ring-2 ring-canvas"
        >
          {count > 99 ? "99+" : count}
        </span>
      ) : null}
    </Link>
  );
}
