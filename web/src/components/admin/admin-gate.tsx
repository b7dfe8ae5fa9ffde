"use client";

import { isStaffRole } from "@bez/contracts";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { cn } from "@/lib/cn";
import { RequireAuth } from "@/components/studio/require-auth";
import { Forbidden } from "./forbidden";
import { adminSections, sectionsFor, type AdminSectionKey } from "./sections";

/**
 * Every admin page: signed-out visitors go to sign-in, accounts without the section's role get the 403 page, and
 * staff get the console's header and the tabs their role may use.
 */
export function AdminGate({ section, children }: { section?: AdminSectionKey; children: ReactNode }) {
  return (
    <RequireAuth>
      <AdminRoleCheck section={section}>{children}</AdminRoleCheck>
    </RequireAuth>
  );
}

function AdminRoleCheck({ section, children }: { section?: AdminSectionKey; children: ReactNode }) {
  const { role } = useAuth();
  if (!role || !isStaffRole(role)) return <Forbidden staff={false} />;
  const needed = adminSections.find((s) => s.key === section);
  if (needed && !needed.roles.includes(role)) return <Forbidden staff />;
  const allowed = sectionsFor(role);
  return (
    <div className="mx-auto w-full max-w-6xl px-5 pb-24 pt-8 sm:px-8 sm:pt-10">
      <div className="mb-8 flex flex-wrap items-end justify-between gap-x-6 gap-y-3 border-b border-line pb-4">
        <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">
          Admin console <span className="ml-2 rounded-full bg-sunken px-2 py-0.5 normal-case tracking-normal text-ink-soft">{role}</span>
        </p>
        <nav aria-label="Admin sections" className="flex flex-wrap gap-1">
          <AdminTab href="/admin">Overview</AdminTab>
          {allowed.map((s) => (
            <AdminTab key={s.key} href={s.href}>
              {s.title}
            </AdminTab>
          ))}
        </nav>
      </div>
      {children}
    </div>
  );
}

function AdminTab({ href, children }: { href: string; children: ReactNode }) {
  const active = usePathname() === href;
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "rounded-full px-3 py-1.5 text-sm transition-colors",
        active ? "bg-ink text-canvas" : "text-ink-soft hover:bg-sunken hover:text-ink",
      )}
    >
      {children}
    </Link>
  );
}
