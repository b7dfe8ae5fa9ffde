import type { Metadata } from "next";
import { IpUnlockView } from "@/components/settings/ip-unlock";

export const metadata: Metadata = { title: "Turn off your IP lock", robots: { index: false, follow: false } };

export default function UnlockIpLockPage() {
  return <IpUnlockView />;
}
