"use client";

import { useEffect } from "react";
import { useAuth } from "./auth-provider";

/**
 * Rendered by the layouts of the sign-in and signed-in route groups: these pages need Firebase's answer, so the SDK
 * loads there even in a browser that has never signed in. Marketing pages leave it out and ship without Firebase.
 */
export function LoadAuthSession() {
  const { requireSession } = useAuth();
  useEffect(() => requireSession(), [requireSession]);
  return null;
}
