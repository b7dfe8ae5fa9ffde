import type { StaffRole } from "@bez/contracts";
import type { LucideIcon } from "lucide-react";
import { Megaphone, ScrollText, Users } from "lucide-react";

export type AdminSectionKey = "audit" | "users" | "notices";

export interface AdminSection {
  key: AdminSectionKey;
  href: string;
  title: string;
  description: string;
  icon: LucideIcon;
  /** The roles the API lets call this section's endpoints (API.md, Admin); the UI offers it to them only. */
  roles: readonly StaffRole[];
}

export const adminSections: readonly AdminSection[] = [
  {
    key: "audit",
    href: "/admin/audit",
    title: "Audit log",
    description: "Every privileged action: who, what, when and from where. Check that no record was altered, or download it as CSV.",
    icon: ScrollText,
    roles: ["admin", "auditor"],
  },
  {
    key: "users",
    href: "/admin/users",
    title: "Users and roles",
    description: "Look up an account by email: its status and how much it holds. Admins can change its role.",
    icon: Users,
    roles: ["admin", "support"],
  },
  {
    key: "notices",
    href: "/admin/notices",
    title: "Notices",
    description: "Tell jewelers about an incident or a policy change, in their inbox and by email.",
    icon: Megaphone,
    roles: ["admin"],
  },
];

/** Who may read the Overview's operational metrics (`GET /v1/admin/metrics`, API.md §5). */
export const metricsRoles: readonly StaffRole[] = ["admin", "auditor"];

export function sectionsFor(role: StaffRole): AdminSection[] {
  return adminSections.filter((s) => s.roles.includes(role));
}
