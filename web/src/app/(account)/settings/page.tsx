import type { Metadata } from "next";
import { SettingsPage } from "@/components/settings/settings-page";
import { RequireAuth } from "@/components/studio/require-auth";

export const metadata: Metadata = { title: "Settings", robots: { index: false, follow: false } };

export default function Settings() {
  return (
    <RequireAuth>
      <SettingsPage />
    </RequireAuth>
  );
}
