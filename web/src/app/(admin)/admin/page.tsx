import type { Metadata } from "next";
import { AdminGate } from "@/components/admin/admin-gate";
import { AdminOverview } from "@/components/admin/admin-overview";

export const metadata: Metadata = { title: "Admin", robots: { index: false, follow: false } };

export default function AdminPage() {
  return (
    <AdminGate>
      <AdminOverview />
    </AdminGate>
  );
}
