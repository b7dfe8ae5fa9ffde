"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useAuth } from "@/components/providers/auth-provider";
import { buttonClasses } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { NavLink } from "./nav-link";
import { NoticeBell } from "./notice-bell";
import { Wordmark } from "./wordmark";

// The menu (and its Radix dropdown) is only ever shown to a signed-in user: visitors never download it. The
// placeholder has the trigger's size, so nothing moves when it arrives.
const AccountMenu = dynamic(() => import("./account-menu").then((m) => m.AccountMenu), {
  loading: () => <Skeleton className="h-9 w-[66px] rounded-full" />,
});

export function SiteHeader() {
  const { status, email, staff } = useAuth();
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-canvas/85 backdrop-blur-md supports-[backdrop-filter]:bg-canvas/75">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-4 px-5 sm:px-8">
        <div className="flex items-center gap-8">
          <Wordmark />
          <nav aria-label="Main" className="hidden items-center gap-1 sm:flex">
            {status === "signed-in" ? (
              <>
                <NavLink href="/studio">Studio</NavLink>
                <NavLink href="/gallery">Gallery</NavLink>
                {staff ? <NavLink href="/admin">Admin</NavLink> : null}
              </>
            ) : null}
            <NavLink href="/privacy">Privacy</NavLink>
            <NavLink href="/security" prefetch={false}>
              Security
            </NavLink>
          </nav>
        </div>
        <div className="flex h-10 items-center gap-2" data-testid="auth-area">
          {status === "loading" ? (
            <Skeleton className="h-9 w-[152px] rounded-full" />
          ) : status === "signed-in" ? (
            <>
              <nav aria-label="Main" className="flex items-center sm:hidden">
                <Link href="/studio" className={buttonClasses("ghost", "sm", "px-3")}>
                  Studio
                </Link>
                <Link href="/gallery" className={buttonClasses("ghost", "sm", "px-3")}>
                  Gallery
                </Link>
              </nav>
              <NoticeBell />
              <AccountMenu email={email} staff={staff} />
            </>
          ) : (
            <>
              <Link href="/sign-in" className={buttonClasses("ghost", "sm")}>
                Sign in
              </Link>
              <Link href="/sign-up" className={buttonClasses("primary", "sm")}>
                Create account
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  );
}
