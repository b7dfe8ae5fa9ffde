import type { ReactNode } from "react";
import { LoadAuthSession } from "@/components/providers/load-auth-session";

/** The layout of the signed-in route groups: Firebase's answer decides what they show, so they load the SDK. */
export function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <LoadAuthSession />
      {children}
    </>
  );
}
