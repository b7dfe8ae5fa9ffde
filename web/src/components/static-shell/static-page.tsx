import Head from "next/head";
import Link from "next/link";
import type { ReactNode } from "react";
import { CookieBannerFrame } from "@/components/shell/cookie-banner-frame";
import { SiteFooter } from "@/components/shell/site-footer";
import { Wordmark } from "@/components/shell/wordmark";
import { Button, buttonClasses } from "@/components/ui/button";
import { analyticsStorageKey } from "@/lib/analytics";
import { cn } from "@/lib/cn";
import { sessionHintStorageKey } from "@/lib/session-hint";
import type { StaticPageProps } from "./static-page-props";

/**
 * The frame of the pages served without any JavaScript bundle (the landing and security pages, see
 * pages/index.tsx): the same header, cookie banner and footer as the app's, as plain HTML. The little they do on
 * their own is done by two inline scripts instead of React: the first, before anything is painted, marks <html>
 * when the cookie question is answered and when this browser had a signed-in user (CSS then shows the matching
 * header and hides the banner); the second saves a banner answer.
 */
export function StaticPage({
  title,
  description,
  path,
  nonce,
  emulator,
  children,
}: StaticPageProps & { title: string; description: string; path: string; children: ReactNode }) {
  const consentKey = JSON.stringify(analyticsStorageKey);
  const hintKey = JSON.stringify(sessionHintStorageKey);
  const markAnswers =
    `try{var d=document.documentElement;` +
    `if(/^(granted|denied)$/.test(localStorage.getItem(${consentKey})||""))d.setAttribute("data-consent-answered","");` +
    `if(localStorage.getItem(${hintKey})==="1")d.setAttribute("data-session-hint","")}catch(e){}`;
  const saveAnswer =
    `document.querySelectorAll("[data-consent-choice]").forEach(function(b){b.addEventListener("click",function(){` +
    `try{localStorage.setItem(${consentKey},b.getAttribute("data-consent-choice"))}catch(e){}` +
    `document.documentElement.setAttribute("data-consent-answered","")})})`;
  return (
    <>
      <Head>
        <title>{title}</title>
        <meta name="description" content={description} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#fbfaf7" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="index, follow" />
        <link rel="icon" href="/icon.svg" type="image/svg+xml" />
      </Head>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: markAnswers }} />
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-50 focus:rounded-full focus:bg-ink focus:px-4 focus:py-2 focus:text-sm focus:text-canvas"
      >
        Skip to content
      </a>
      <StaticHeader path={path} />
      <CookieBannerFrame
        choices={
          <>
            <Button variant="secondary" size="sm" data-consent-choice="denied">
              No, thanks
            </Button>
            <Button size="sm" data-consent-choice="granted">
              Allow analytics
            </Button>
          </>
        }
        trailing={<script nonce={nonce} dangerouslySetInnerHTML={{ __html: saveAnswer }} />}
      />
      <main id="main" className="flex flex-1 flex-col">
        {children}
      </main>
      <SiteFooter emulator={emulator} />
    </>
  );
}

function StaticNavLink({ href, path, children }: { href: string; path: string; children: ReactNode }) {
  const active = path === href;
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn("relative rounded-full px-3 py-1.5 text-sm transition-colors", active ? "text-ink" : "text-ink-soft hover:text-ink")}
    >
      {children}
      {active ? <span aria-hidden="true" className="absolute inset-x-3 -bottom-[17px] h-px bg-accent" /> : null}
    </Link>
  );
}

/** SiteHeader's markup for both answers at once; the `data-when` half that does not apply is hidden by CSS. */
function StaticHeader({ path }: { path: string }) {
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-canvas/85 backdrop-blur-md supports-[backdrop-filter]:bg-canvas/75">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-5 sm:px-8">
        <div className="flex items-center gap-8">
          <Wordmark />
          <nav aria-label="Main" className="hidden items-center gap-1 sm:flex">
            <span data-when="signed-in">
              <StaticNavLink href="/studio" path={path}>
                Studio
              </StaticNavLink>
              <StaticNavLink href="/gallery" path={path}>
                Gallery
              </StaticNavLink>
            </span>
            <StaticNavLink href="/privacy" path={path}>
              Privacy
            </StaticNavLink>
            <StaticNavLink href="/security" path={path}>
              Security
            </StaticNavLink>
          </nav>
        </div>
        <div className="flex h-10 items-center gap-2" data-testid="auth-area">
          <span data-when="signed-in">
            <nav aria-label="Main" className="flex items-center sm:hidden">
              <Link href="/studio" className={buttonClasses("ghost", "sm", "px-3")}>
                Studio
              </Link>
              <Link href="/gallery" className={buttonClasses("ghost", "sm", "px-3")}>
                Gallery
              </Link>
            </nav>
            <Link href="/settings" className={buttonClasses("secondary", "sm")}>
              Account
            </Link>
          </span>
          <span data-when="signed-out">
            <Link href="/sign-in" className={buttonClasses("ghost", "sm")}>
              Sign in
            </Link>
            <Link href="/sign-up" className={buttonClasses("primary", "sm")}>
              Create account
            </Link>
          </span>
        </div>
      </div>
    </header>
  );
}
