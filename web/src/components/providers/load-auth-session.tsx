"use client";

import { useEffect } from "react";
import { preloadApiClient } from "@/lib/lazy-api";
import { useAuth } from "./auth-provider";

/**
 * Rendered by the signed-in route groups' layout and the email-link finish page: they need Firebase's answer, so the
 * SDK loads there even in a browser that has never signed in. Marketing pages leave it out and ship without Firebase;
 * the sign-in and sign-up forms fetch it when first focused (preloadAuthSession) and start it when submitted.
 * These pages call the API as soon as the session is known, so its client is fetched at the same time as the SDK.
 */
export function LoadAuthSession() {
  const { requireSession } = useAuth();
  useEffect(() => {
    preloadApiClient();
    requireSession();
  }, [requireSession]);
  return null;
}
