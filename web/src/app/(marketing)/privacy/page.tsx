import { currentPolicyVersion } from "@bez/contracts";
import type { Metadata } from "next";
import Link from "next/link";
import { AnalyticsChoice } from "@/components/analytics/analytics-choice";
import { DocPage } from "@/components/marketing/doc-page";

export const metadata: Metadata = {
  title: "Privacy policy",
  description: "What Bez collects, why, how it is protected, and how you can see, correct, export or erase it.",
};

const toc = [
  { id: "collect", label: "What we keep" },
  { id: "protect", label: "How it is protected" },
  { id: "who", label: "Who can see it" },
  { id: "processors", label: "Services we use" },
  { id: "ip", label: "IP addresses" },
  { id: "analytics", label: "Analytics" },
  { id: "rights", label: "Your rights" },
  { id: "retention", label: "How long we keep it" },
  { id: "age", label: "Age" },
];

export default function PrivacyPage() {
  return (
    <DocPage
      eyebrow="Privacy"
      title="Your work stays yours"
      intro={
        <>
          Your product photos and unreleased designs are trade secrets. This page says plainly what Bez keeps, why,
          how it is protected and how you stay in control. It describes what the system actually does.
        </>
      }
      meta={<>Policy version {currentPolicyVersion}. When it changes, we ask you to accept the new version.</>}
      toc={toc}
    >
      <h2 id="collect">What we keep</h2>
      <ul>
        <li>
          <strong>Your account:</strong> email address, an optional display name, your role (for example{" "}
          <code>user</code>), your account status, when you joined, and the settings you choose (IP lock, analytics
          consent).
        </li>
        <li>
          <strong>Your consent:</strong> that you confirmed being 13 or older, which version of this policy you
          accepted, and when.
        </li>
        <li>
          <strong>Your work:</strong> the images you upload, the images Bez makes for you, and the prompts you write —
          all encrypted (see below).
        </li>
        <li>
          <strong>Usage counters:</strong> how many images you made today, so daily allowances and rate limits work.
        </li>
        <li>
          <strong>An activity record:</strong> an audit log of security-relevant events on your account (for example
          sign-up, changes to your settings, exports, deletion requests, and any access by our staff).
        </li>
      </ul>
      <p>
        Your password is handled by our sign-in provider (Firebase Authentication); Bez itself never sees or stores
        it.
      </p>

      <h2 id="protect">How it is protected</h2>
      <ul>
        <li>
          <strong>A key per account.</strong> Your account has its own 256-bit data key. Every image and every prompt
          is encrypted with it using AES-256-GCM, with a fresh random nonce each time, before it is stored.
        </li>
        <li>
          <strong>The key is itself locked.</strong> Your data key is stored only in wrapped (encrypted) form, under a
          master key held by our servers, never in the database in the clear.
        </li>
        <li>
          <strong>Bound to you.</strong> Each encrypted item is bound to your account and to the record it belongs
          to, so a copy moved elsewhere cannot be decrypted. Any tampering makes decryption fail.
        </li>
        <li>
          <strong>Clean uploads.</strong> Uploaded photos are re-encoded with all metadata (including GPS location and
          camera details) removed before they are encrypted.
        </li>
      </ul>
      <p>
        The technical details are on the <Link href="/security">security page</Link>.
      </p>

      <h2 id="who">Who can see it</h2>
      <p>
        You. Browsers and apps, including ours, have no direct access to the database or file storage: the rules of
        both deny every client read and write. Everything goes through the Bez API, which checks who you are, applies
        your IP lock and rate limits, and decrypts only for you.
      </p>
      <p>
        Staff roles (administrator, auditor, support) exist to run the service. Support can look up an account&rsquo;s
        email, role, status and counts — never your images or prompts. Every staff action is written to the audit
        log with who did it, when and from where.
      </p>

      <h2 id="processors">Services we use</h2>
      <ul>
        <li>
          <strong>Google Cloud and Firebase</strong> host the service, its database and encrypted file storage, and
          handle sign-in.
        </li>
        <li>
          <strong>Replicate</strong> runs the image models. To make an image, the prompt and any reference photo are
          sent to the model; Bez fetches the results immediately, encrypts them, and never gives you a Replicate link.
          Replicate deletes the data of API requests after one hour.
        </li>
        <li>
          <strong>Redis</strong> (a managed service) holds short-lived counters for rate limits and daily allowances.
        </li>
      </ul>
      <p>We do not sell your data, and we do not share your images or prompts with anyone else.</p>

      <h2 id="ip">IP addresses</h2>
      <p>
        Your IP address is used to apply rate limits and your IP lock, but it is not stored with your account. Rate
        limits use a salted hash of it, never the address itself. An address is recorded only in two cases: in audit
        events about actions taken by staff, and when a request is refused by your IP lock — so you can see who tried.
      </p>

      <h2 id="analytics">Analytics</h2>
      <p>
        Analytics are off until you say yes. Before you consent, none of their code is even downloaded, and your
        browser sends nothing to an analytics service. With your yes, two things start in this browser:
      </p>
      <ul>
        <li>
          <strong>PostHog</strong> counts page views. Its code is part of Bez (served from our own site, never from
          PostHog&apos;s), it sends only the kind of page you opened, such as <code>/studio</code> — never what follows
          it in the address, never your images, descriptions or email — and it records no clicks, no typing and no
          session replays.
        </li>
        <li>
          <strong>Web Vitals</strong> (how fast pages load and respond) go to Bez itself, which passes the timings and
          the kind of page on to <strong>Axiom</strong>, our log service. Axiom never sees your address or your browser.
        </li>
      </ul>
      <p>
        Saying no, or changing your mind later, stops both at once: here, in the cookie banner&apos;s place, or in your
        settings when you are signed in.
      </p>
      <AnalyticsChoice />

      <h2 id="rights">Your rights</h2>
      <ul>
        <li>
          <strong>Correct:</strong> change your display name at any time from your studio.
        </li>
        <li>
          <strong>Access and export:</strong> download everything as one zip file — your profile, your generations
          with their prompts, your images (decrypted, for you) and your own activity record.
        </li>
        <li>
          <strong>Restrict:</strong> pause processing. New images and uploads stop; you can still view, export and
          delete.
        </li>
        <li>
          <strong>Erase:</strong> delete your account. Your sign-in is revoked immediately and your data key is
          destroyed first, which makes every encrypted copy of your work unreadable, including any in backups. Then
          every record, file, counter and access token is removed and your sign-in account is deleted. You receive a
          signed receipt that contains neither your email nor your account id.
        </li>
      </ul>
      <p>
        In past audit events, your account id is replaced by a keyed hash when you delete your account, so the record
        of what happened stays verifiable without identifying you.
      </p>

      <h2 id="retention">How long we keep it</h2>
      <p>
        Your account and work are kept until you delete them. Audit events are kept for 400 days and then purged (the
        purge itself is recorded). Rate-limit counters expire on their own within a day.
      </p>

      <h2 id="age">Age</h2>
      <p>Bez is for people aged 13 or older. We ask you to confirm this when you create an account.</p>
    </DocPage>
  );
}
