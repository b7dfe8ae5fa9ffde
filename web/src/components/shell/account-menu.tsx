"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import { Bell, ChevronDown, FileLock, Images, LockKeyhole, LogOut, type LucideIcon, Settings, ShieldCheck, Sparkles } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useAuth } from "@/components/providers/auth-provider";
import { Spinner } from "@/components/ui";

const itemClasses =
  "flex cursor-pointer select-none items-center gap-2.5 rounded-lg px-3 py-2 text-sm text-ink-soft outline-none " +
  "data-[highlighted]:bg-sunken data-[highlighted]:text-ink";

const menuLinks: { href: string; label: string; icon: LucideIcon; staffOnly?: true }[] = [
  { href: "/studio", label: "Studio", icon: Sparkles },
  { href: "/gallery", label: "Gallery", icon: Images },
  { href: "/notices", label: "Notices", icon: Bell },
  { href: "/settings", label: "Settings", icon: Settings },
  { href: "/admin", label: "Admin", icon: LockKeyhole, staffOnly: true },
  { href: "/privacy", label: "Privacy", icon: FileLock },
  { href: "/security", label: "Security", icon: ShieldCheck },
];

/**
 * The signed-in user's menu: where to go, and sign out. Keyboard: Enter/Space opens, arrows move, Esc closes.
 * `staff` adds the admin console (on phones the header has no room for it).
 */
export function AccountMenu({ email, staff = false }: { email: string | null; staff?: boolean }) {
  const { signOut } = useAuth();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const initial = (email ?? "?").trim().charAt(0).toUpperCase() || "?";

  async function onSignOut() {
    setBusy(true);
    try {
      await signOut();
      router.replace("/sign-in?signed-out=1");
    } finally {
      setBusy(false);
    }
  }

  return (
    <Menu.Root modal={false}>
      <Menu.Trigger
        className="group inline-flex h-9 items-center gap-2 rounded-full border border-line bg-surface pl-1 pr-2.5 text-sm text-ink transition-colors hover:border-line-strong data-[state=open]:border-line-strong"
        aria-label={`Account menu for ${email ?? "your account"}`}
      >
        <span
          aria-hidden="true"
          className="flex size-7 items-center justify-center rounded-full bg-ink font-display text-[15px] text-canvas"
        >
          {initial}
        </span>
        <ChevronDown aria-hidden="true" className="size-3.5 text-muted transition-transform group-data-[state=open]:rotate-180" />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={8}
          className="z-50 w-72 max-w-[calc(100vw-2rem)] rounded-xl border border-line bg-surface p-1.5 shadow-[var(--shadow-pop)] animate-fade-in"
        >
          <div className="px-3 pb-2 pt-2">
            <p className="text-xs text-muted">Signed in as</p>
            <p className="truncate text-sm font-medium text-ink" data-testid="account-email">
              {email}
            </p>
          </div>
          <Menu.Separator className="my-1 h-px bg-line" />
          {menuLinks
            .filter((link) => staff || !link.staffOnly)
            .map(({ href, label, icon: Icon }) => (
              <Menu.Item key={href} asChild className={itemClasses}>
                <Link href={href}>
                  <Icon aria-hidden="true" className="size-4" /> {label}
                </Link>
              </Menu.Item>
            ))}
          <Menu.Separator className="my-1 h-px bg-line" />
          <Menu.Item
            className={itemClasses}
            disabled={busy}
            onSelect={(e) => {
              e.preventDefault();
              void onSignOut();
            }}
          >
            {busy ? <Spinner /> : <LogOut aria-hidden="true" className="size-4" />} Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
