import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AnalyticsProvider } from "@/components/providers/analytics-provider";
import { AuthProvider } from "@/components/providers/auth-provider";
import { ConfigProvider } from "@/components/providers/config-provider";
import { NoticesProvider } from "@/components/providers/notices-provider";
import { AccountBanners } from "@/components/shell/account-banners";
import { ConsentAnsweredScript } from "@/components/shell/consent-answered-script";
import { CookieBanner } from "@/components/shell/cookie-banner";
import { SiteFooter } from "@/components/shell/site-footer";
import { SiteHeader } from "@/components/shell/site-header";
import { getConfig } from "@/config";
import { fontVariables } from "./fonts";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Bez — private AI product images for jewelers", template: "%s · Bez" },
  description:
    "Turn a prompt or a photo of a real piece into marketplace-ready packshots and lifestyle images. Encrypted with a key of your own; seen by no one else.",
  referrer: "no-referrer",
  robots: { index: true, follow: true },
};

export const viewport: Viewport = {
  themeColor: "#fbfaf7",
  width: "device-width",
  initialScale: 1,
};

/**
 * Rendered per request (the CSP nonce and the runtime configuration both need a request), so one build serves
 * any API, auth emulator or port.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  const config = getConfig();
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The consent script may mark <html> before React hydrates it.
    <html lang="en" className={fontVariables} suppressHydrationWarning>
      <body className="flex min-h-dvh flex-col bg-canvas text-ink">
        <ConsentAnsweredScript nonce={nonce} />
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-50 focus:rounded-full focus:bg-ink focus:px-4 focus:py-2 focus:text-sm focus:text-canvas"
        >
          Skip to content
        </a>
        <ConfigProvider value={config.public}>
          <AuthProvider>
            <NoticesProvider>
              <AnalyticsProvider>
                <SiteHeader />
                <CookieBanner />
                {/* The signed-in strips open the main column rather than sit above it: when the session resolves
                    they arrive together with the page's content, and nothing already on screen is pushed down. */}
                <main id="main" className="flex flex-1 flex-col">
                  <AccountBanners />
                  {children}
                </main>
                <SiteFooter emulator={config.authEmulatorOrigin !== null} />
              </AnalyticsProvider>
            </NoticesProvider>
          </AuthProvider>
        </ConfigProvider>
      </body>
    </html>
  );
}
