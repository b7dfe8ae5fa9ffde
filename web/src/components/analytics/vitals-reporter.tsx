"use client";

import { useReportWebVitals } from "next/web-vitals";
import { useEffect } from "react";
import { disableVitals, enableVitals, recordVital } from "@/lib/vitals";

/**
 * Mounted (through a dynamic import, so web-vitals is not in any page's first load) only while the visitor allows
 * analytics and Axiom is configured. Unmounting stops reporting: web-vitals' observers cannot be removed, so
 * recordVital drops what they report once disabled.
 */
export default function VitalsReporter() {
  useEffect(() => {
    enableVitals();
    return disableVitals;
  }, []);
  useReportWebVitals(recordVital);
  return null;
}
