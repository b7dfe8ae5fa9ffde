"use client";

import { useEffect } from "react";
import { preloadApiClient } from "@/lib/lazy-api";
import { preloadAuthSession, useAuth } from "./auth-provider";

/**
 * Rendered by the signed-in route groups' layout and the email-link finish page: they need Firebase's answer, so the
 * SDK loads there even in a browser that has never signed in. Marketing pages leave it out and ship without Firebase;
 * the sign-in and sign-up forms fetch it when first focused (preloadAuthSession) and start it when submitted.
 */
export function LoadAuthSession() {
  const { requireSession } = useAuth();
  useEffect(() => requireSession(), [requireSession]);
  return null;
}

// These pages show nothing before Firebase answers and call the API right after, so both are fetched as soon as this
// module arrives — before React has hydrated the page — rather than from an effect once it has, one after the other.
if (typeof window !== "undefined") {
  preloadAuthSession();
  preloadApiClient();
}
