import type { Metadata } from "next";
import { MagicLinkFinish } from "@/components/auth/magic-link-finish";
import { LoadAuthSession } from "@/components/providers/load-auth-session";

export const metadata: Metadata = { title: "Finish signing in", robots: { index: false, follow: false } };

export default function MagicLinkFinishPage() {
  return (
    <>
      <LoadAuthSession />
      <MagicLinkFinish />
    </>
  );
}
