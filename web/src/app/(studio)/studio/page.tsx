import type { Metadata } from "next";
import { RequireAuth } from "@/components/studio/require-auth";
import { StudioHome } from "@/components/studio/studio-home";

export const metadata: Metadata = { title: "Studio", robots: { index: false, follow: false } };

export default function StudioPage() {
  return (
    <RequireAuth>
      <StudioHome />
    </RequireAuth>
  );
}
