"use client";

import { isStaffRole } from "@bez/contracts";
import { ArrowRight } from "lucide-react";
import Link from "next/link";
import { useAuth } from "@/components/providers/auth-provider";
import { MetricsPanel } from "./metrics/metrics-panel";
import { metricsRoles, sectionsFor } from "./sections";

/** The admin console's start: one card per section the caller's role may use, then the metrics for those who may read them. */
export function AdminOverview() {
  const { role } = useAuth();
  const sections = role && isStaffRole(role) ? sectionsFor(role) : [];
  return (
    <>
      <h1 className="font-display text-[40px] font-medium leading-tight text-ink">Admin</h1>
      <p className="mt-2 max-w-2xl text-ink-soft">
        Every page here is recorded in the audit log: who opened it, when and from which address.
      </p>
      <ul className="mt-8 grid gap-4 md:grid-cols-3">
        {sections.map(({ key, href, title, description, icon: Icon }) => (
          <li key={key}>
            <Link
              href={href}
              className="group flex h-full flex-col rounded-[var(--radius-card)] border border-line bg-surface p-6 shadow-[var(--shadow-card)] transition-colors hover:border-line-strong"
            >
              <Icon aria-hidden="true" className="size-5 text-accent" />
              <span className="mt-4 flex items-center gap-2 text-[15px] font-semibold text-ink">
                {title}
                <ArrowRight aria-hidden="true" className="size-4 text-muted transition-transform group-hover:translate-x-0.5" />
              </span>
              <span className="mt-1.5 text-sm leading-relaxed text-muted">{description}</span>
            </Link>
          </li>
        ))}
      </ul>
      {role && isStaffRole(role) && metricsRoles.includes(role) ? <MetricsPanel /> : null}
    </>
  );
}
