import { Camera, Eye, Gem, KeyRound, Lock, ScrollText, Download, Globe, ImageIcon } from "lucide-react";
import Link from "next/link";
import type { PageConfig } from "next";
import type { ReactNode } from "react";
import { RingIllustration } from "@/components/marketing/ring-illustration";
import { StaticPage } from "@/components/static-shell/static-page";
import { getStaticPageProps, type StaticPageProps } from "@/components/static-shell/static-page-props";
import { buttonClasses } from "@/components/ui/button";

/**
 * The landing page is plain HTML and CSS: no React runtime is sent, so a first visit on a phone paints and is
 * usable without waiting for a script (issue 15). It lives in the pages router only because the app router always
 * ships its runtime; what it would need React for is done by StaticPage's inline scripts.
 */
export const config: PageConfig = { unstable_runtimeJS: false };

export const getServerSideProps = getStaticPageProps;

function Feature({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <div className="rounded-[var(--radius-card)] border border-line bg-surface p-7 shadow-[var(--shadow-card)]">
      <div className="flex size-10 items-center justify-center rounded-full bg-accent-soft text-accent">{icon}</div>
      <h3 className="mt-5 font-display text-2xl font-medium text-ink">{title}</h3>
      <p className="mt-2 text-[15px] leading-relaxed text-ink-soft">{children}</p>
    </div>
  );
}

function Fact({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <div className="flex gap-4">
      <div className="mt-0.5 flex size-9 shrink-0 items-center justify-center rounded-full border border-accent-bright/40 text-accent-bright">
        {icon}
      </div>
      <div>
        <h3 className="text-[15px] font-semibold text-canvas">{title}</h3>
        <p className="mt-1 text-sm leading-relaxed text-[#c9c1b6]">{children}</p>
      </div>
    </div>
  );
}

export default function LandingPage(props: StaticPageProps) {
  return (
    <StaticPage
      {...props}
      path="/"
      title="Bez — private AI product images for jewelers"
      description="Turn a prompt or a photo of a real piece into marketplace-ready packshots and lifestyle images. Encrypted with a key of your own; seen by no one else."
    >
        <section className="relative overflow-hidden">
          <div className="mx-auto grid max-w-6xl items-center gap-12 px-5 pb-20 pt-16 sm:px-8 lg:grid-cols-[1.1fr_0.9fr] lg:pb-28 lg:pt-24">
            <div>
              <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">For jewelers who guard their designs</p>
              <h1 className="mt-6 font-display text-[44px] font-medium leading-[1.04] tracking-[-0.01em] text-ink sm:text-6xl lg:text-[68px]">
                Product images worthy of the piece.{" "}
                <em className="font-normal italic text-accent">Seen by no one else.</em>
              </h1>
              <p className="mt-6 max-w-xl text-lg leading-relaxed text-ink-soft">
                Bez turns a short description, or a photo of a real piece, into white-background packshots that pass
                marketplace rules, and into lifestyle and on-model scenes. Every image and every prompt is encrypted
                with a key that belongs to your account alone.
              </p>
              <div className="mt-9 flex flex-col gap-3 sm:flex-row sm:items-center">
                <Link href="/sign-up" className={buttonClasses("primary", "lg")}>
                  Create your account
                </Link>
                <Link href="/security" className={buttonClasses("secondary", "lg")}>
                  How we protect your work
                </Link>
              </div>
              <ul className="mt-10 flex flex-wrap gap-x-6 gap-y-2 text-[13px] text-muted">
                <li className="flex items-center gap-2">
                  <Lock aria-hidden="true" className="size-3.5 text-accent" /> AES-256 encryption, a key per account
                </li>
                <li className="flex items-center gap-2">
                  <ScrollText aria-hidden="true" className="size-3.5 text-accent" /> Every privileged access audited
                </li>
                <li className="flex items-center gap-2">
                  <Download aria-hidden="true" className="size-3.5 text-accent" /> Export or erase at any time
                </li>
              </ul>
            </div>

            <figure className="relative mx-auto w-full max-w-[420px]">
              <div className="absolute -inset-6 -z-10 rounded-[2rem] bg-gradient-to-br from-accent-soft via-canvas to-canvas" />
              <div className="rounded-[1.5rem] border border-line bg-surface p-4 shadow-[var(--shadow-pop)]">
                <div className="flex aspect-square items-center justify-center rounded-2xl bg-white ring-1 ring-line/70">
                  <RingIllustration className="w-4/5" />
                </div>
                <figcaption className="flex items-center justify-between px-1 pb-1 pt-4 text-[13px]">
                  <span className="text-ink-soft">
                    Packshot · <span className="text-muted">1:1 · pure white</span>
                  </span>
                  <span className="inline-flex items-center gap-1.5 rounded-full bg-accent-soft px-2.5 py-1 text-[12px] font-medium text-accent">
                    <Lock aria-hidden="true" className="size-3" /> Encrypted with your key
                  </span>
                </figcaption>
              </div>
            </figure>
          </div>
        </section>

        <section aria-labelledby="what-heading" className="border-t border-line bg-surface/60">
          <div className="mx-auto max-w-6xl px-5 py-20 sm:px-8 lg:py-24">
            <div className="max-w-2xl">
              <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent">What Bez makes</p>
              <h2 id="what-heading" className="mt-4 font-display text-4xl font-medium leading-tight text-ink sm:text-5xl">
                A studio for your whole catalogue
              </h2>
            </div>
            <div className="mt-12 grid gap-6 md:grid-cols-3">
              <Feature icon={<ImageIcon aria-hidden="true" className="size-5" />} title="Marketplace packshots">
                Pure white backgrounds and the sizes marketplaces ask for, downloadable as PNG, JPEG or WebP.
              </Feature>
              <Feature icon={<Gem aria-hidden="true" className="size-5" />} title="Lifestyle & on-model">
                Scenes that show scale and mood — on a hand, at the neckline, on marble or velvet — from a short
                description.
              </Feature>
              <Feature icon={<Camera aria-hidden="true" className="size-5" />} title="Your real piece, kept real">
                Start from a photo of the actual piece: Bez replaces the background around it and never re-imagines the
                jewelry itself.
              </Feature>
            </div>
          </div>
        </section>

        <section aria-labelledby="privacy-heading" className="bg-ink text-canvas">
          <div className="mx-auto grid max-w-6xl gap-14 px-5 py-20 sm:px-8 lg:grid-cols-[0.9fr_1.1fr] lg:py-24">
            <div>
              <p className="text-xs font-medium uppercase tracking-[0.22em] text-accent-bright">Privacy by design</p>
              <h2 id="privacy-heading" className="mt-4 font-display text-4xl font-medium leading-tight sm:text-5xl">
                Your designs are trade secrets. We built Bez like it.
              </h2>
              <p className="mt-5 max-w-md leading-relaxed text-[#c9c1b6]">
                Jewelry is a high-value trade, and unreleased designs are worth protecting. Security here is part of the
                product, not a checkbox.
              </p>
              <div className="mt-8 flex flex-wrap gap-3">
                <Link
                  href="/security"
                  className="inline-flex h-10 items-center rounded-full border border-accent-bright/50 px-5 text-sm text-canvas transition-colors hover:border-accent-bright hover:bg-white/5"
                >
                  Read the security overview
                </Link>
                <Link
                  href="/privacy"
                  className="inline-flex h-10 items-center rounded-full px-4 text-sm text-[#c9c1b6] underline-offset-4 hover:text-canvas hover:underline"
                >
                  Privacy policy
                </Link>
              </div>
            </div>
            <div className="grid gap-8 sm:grid-cols-2">
              <Fact icon={<KeyRound aria-hidden="true" className="size-4" />} title="A key of your own">
                Each account has its own AES-256 data key. Images and prompts are sealed with it before they are stored.
              </Fact>
              <Fact icon={<Eye aria-hidden="true" className="size-4" />} title="No side doors">
                Browsers and apps never touch storage directly. Every read goes through one checked, logged gateway.
              </Fact>
              <Fact icon={<ScrollText aria-hidden="true" className="size-4" />} title="Every access on record">
                Staff actions are written to a tamper-evident audit log that no one can edit afterwards.
              </Fact>
              <Fact icon={<Globe aria-hidden="true" className="size-4" />} title="Lock to your shop">
                Optionally accept connections only from your own networks, even with a valid password.
              </Fact>
              <Fact icon={<Download aria-hidden="true" className="size-4" />} title="Yours to take or erase">
                Export everything as a zip, or delete your account: destroying your key makes every copy unreadable.
              </Fact>
              <Fact icon={<Lock aria-hidden="true" className="size-4" />} title="No hidden metadata">
                Uploaded photos are re-encoded with location and camera data removed before they are encrypted.
              </Fact>
            </div>
          </div>
        </section>

        <section className="mx-auto w-full max-w-6xl px-5 py-20 text-center sm:px-8 lg:py-24">
          <h2 className="font-display text-4xl font-medium text-ink sm:text-5xl">Start with one piece.</h2>
          <p className="mx-auto mt-4 max-w-lg text-ink-soft">
            Create an account in a minute. What you make is stored encrypted and shown to no one but you.
          </p>
          <Link href="/sign-up" className={buttonClasses("primary", "lg", "mt-8")}>
            Create your account
          </Link>
        </section>
    </StaticPage>
  );
}
