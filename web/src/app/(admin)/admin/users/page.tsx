import type { Metadata } from "next";
import { AdminGate } from "@/components/admin/admin-gate";
import { UserLookup } from "@/components/admin/user-lookup";

export const metadata: Metadata = { title: "Users and roles", robots: { index: false, follow: false } };

export default function AdminUsersPage() {
  return (
    <AdminGate section="users">
      <UserLookup />
    </AdminGate>
  );
}
