import type { Metadata } from "next";
import { Suspense } from "react";
import { AdminGate } from "@/components/admin/admin-gate";
import { AuditLog } from "@/components/admin/audit-log";

export const metadata: Metadata = { title: "Audit log", robots: { index: false, follow: false } };

export default function AuditPage() {
  return (
    <AdminGate section="audit">
      {/* The filters live in the URL (useSearchParams), which needs a Suspense boundary. */}
      <Suspense>
        <AuditLog />
      </Suspense>
    </AdminGate>
  );
}
