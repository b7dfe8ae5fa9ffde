import type { Metadata } from "next";
import { NoticeInbox } from "@/components/notices/notice-inbox";
import { RequireAuth } from "@/components/studio/require-auth";

export const metadata: Metadata = { title: "Notices", robots: { index: false, follow: false } };

export default function NoticesPage() {
  return (
    <RequireAuth>
      <NoticeInbox />
    </RequireAuth>
  );
}
