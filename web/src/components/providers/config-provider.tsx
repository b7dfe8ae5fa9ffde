"use client";

import "@/lib/zod-setup";
import { createContext, use, type ReactNode } from "react";
import type { PublicConfig } from "@/lib/public-config";

const ConfigContext = createContext<PublicConfig | null>(null);

/** Hands the runtime configuration (read on the server per request) to client components. */
export function ConfigProvider({ value, children }: { value: PublicConfig; children: ReactNode }) {
  return <ConfigContext value={value}>{children}</ConfigContext>;
}

export function usePublicConfig(): PublicConfig {
  const value = use(ConfigContext);
  if (!value) throw new Error("usePublicConfig must be used inside <ConfigProvider>");
  return value;
}
