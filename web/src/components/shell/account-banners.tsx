"use client";

import dynamic from "next/dynamic";
import { useAuth } from "@/components/providers/auth-provider";
import { VerifyEmailBanner } from "./verify-email-banner";

// Fetched once someone is signed in, like the notices it waits for: a visitor's page carries none of its code (nor
// the API client's). The email reminder is small and is drawn in the same frame as the signed-in page it opens.
const PolicyBanner = dynamic(() => import("./policy-banner").then((m) => m.PolicyBanner));

/** The signed-in user's strips under the header: a policy to acknowledge, an email to confirm. */
export function AccountBanners() {
  const { status } = useAuth();
  if (status !== "signed-in") return null;
  return (
    <>
      <PolicyBanner />
      <VerifyEmailBanner />
    </>
  );
}
