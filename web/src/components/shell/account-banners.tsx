"use client";

import dynamic from "next/dynamic";
import { useAuth } from "@/components/providers/auth-provider";

// Fetched once someone is signed in: a visitor's page carries neither banner's code (nor the API client's).
const PolicyBanner = dynamic(() => import("./policy-banner").then((m) => m.PolicyBanner));
const VerifyEmailBanner = dynamic(() => import("./verify-email-banner").then((m) => m.VerifyEmailBanner));

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
