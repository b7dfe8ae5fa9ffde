import type { Metadata } from "next";
import { AdminGate } from "@/components/admin/admin-gate";
import { NoticeComposer } from "@/components/admin/notice-composer";

export const metadata: Metadata = { title: "Send a notice", robots: { index: false, follow: false } };

export default function AdminNoticesPage() {
  return (
    <AdminGate section="notices">
      <NoticeComposer />
    </AdminGate>
  );
}
