import type { PageConfig } from "next";
import Link from "next/link";
import { DocPage } from "@/components/marketing/doc-page";
import { StaticPage } from "@/components/static-shell/static-page";
import { getStaticPageProps, type StaticPageProps } from "@/components/static-shell/static-page-props";

/** Plain HTML and CSS, like the landing page (see pages/index.tsx). */
export const config: PageConfig = { unstable_runtimeJS: false };

export const getServerSideProps = getStaticPageProps;

const toc = [
  { id: "gateway", label: "One gateway" },
  { id: "encryption", label: "Encryption" },
  { id: "signin", label: "Sign-in and tokens" },
  { id: "iplock", label: "IP lock" },
  { id: "limits", label: "Rate limits" },
  { id: "audit", label: "Audit log" },
  { id: "erasure", label: "Export and erasure" },
  { id: "web", label: "This website" },
];

export default function SecurityPage(props: StaticPageProps) {
  return (
    <StaticPage
      {...props}
      path="/security"
      title="Security · Bez"
      description="How Bez protects jewelers' images: per-account encryption, one audited gateway, IP lock, and real erasure."
    >
      <DocPage
        eyebrow="Security"
        title="Built for pieces worth thousands"
        intro={
          <>
            Jewelry is a high-value, high-theft trade. Bez treats your images as the valuables they are: encrypted with a
            key of your own, reachable through one checked and logged door, and truly destroyed when you ask.
          </>
        }
        toc={toc}
      >
        <h2 id="gateway">One gateway, no side doors</h2>
        <p>
          All data access goes through the Bez API. The database and file-storage rules deny every read and write from
          browsers and apps — they are the backstop, not the policy. The web app uses the Firebase SDK for sign-in only.
        </p>
        <p>This is deliberate: only the API can enforce what matters on every single access —</p>
        <ul>
          <li>decrypting with server-held keys (a browser could not read the stored files anyway),</li>
          <li>writing an audit event for every privileged read,</li>
          <li>applying your IP lock and the rate limits.</li>
        </ul>
        <p>
          Another account&rsquo;s image, generation or token answers &ldquo;not found&rdquo;, never &ldquo;forbidden&rdquo;,
          so ids cannot be probed.
        </p>

        <h2 id="encryption">Encryption</h2>
        <ul>
          <li>
            <strong>Envelope encryption.</strong> Each account has one 256-bit data key, wrapped with AES-256-GCM under
            the active key-encryption key. The wrapping is bound to your account and the key&rsquo;s id. Key-encryption
            keys can be rotated by adding a new one; older ones still unwrap.
          </li>
          <li>
            <strong>Every image and prompt</strong> is encrypted with AES-256-GCM under your data key, with a fresh
            random 96-bit nonce. The authenticated data binds your account, the kind of object and its id, so a
            ciphertext moved to another record or account fails to decrypt.
          </li>
          <li>
            <strong>Verified before release.</strong> Decrypted bytes are released only after the authentication tag
            checks out. Flip any bit and decryption fails — safely, without leaking anything.
          </li>
          <li>
            <strong>Clean files.</strong> Uploads are sniffed (the declared type must match the bytes), decoded and
            re-encoded with all metadata removed, then encrypted. Generated images are checked for size and type and
            stripped the same way.
          </li>
          <li>
            <strong>Short-lived links.</strong> An image link is signed for you and that image, and expires within
            five minutes. Images are served with <code>Cache-Control: private, no-store</code>.
          </li>
        </ul>

        <h2 id="signin">Sign-in and tokens</h2>
        <ul>
          <li>
            Sign-in uses Firebase Authentication. Every API call carries a short-lived ID token that is verified,
            including a check that it has not been revoked.
          </li>
          <li>
            Personal access tokens for the command-line tool are shown once; only their hash is stored. They can make
            images and read your library, but cannot change your IP lock, restrict processing, export or delete your
            account — those need a real sign-in.
          </li>
          <li>Deleting your account requires a sign-in from the last five minutes.</li>
        </ul>

        <h2 id="iplock">IP lock</h2>
        <p>
          You can lock your account to the networks you trust, for example your shop and your home. While the lock is on,
          every request from anywhere else is refused — even with a correct password or a valid token, and including
          image links. Bez will not let you turn the lock on from a network outside your own list, so you cannot lock
          yourself out by mistake. Refused attempts are recorded in your audit log with the address they came from.
        </p>

        <h2 id="limits">Rate limits and allowances</h2>
        <p>
          Image generation, uploads, exports and the endpoints that need no sign-in are rate-limited per account or per address (by
          a salted hash, never the raw address). If the rate-limit service is unreachable, Bez refuses the request rather
          than letting it through unchecked.
        </p>

        <h2 id="audit">Tamper-evident audit log</h2>
        <ul>
          <li>
            Security-relevant events — account creation, settings changes, exports, deletions, role changes, staff
            look-ups, refused webhooks and IP-lock denials — are appended to an audit log. No API can edit or delete an
            event.
          </li>
          <li>
            At intervals, a digest records the hash of every event since the previous digest plus the previous
            digest&rsquo;s hash, signed with a secret key. Verification recomputes the chain and names the first point
            where anything was changed or removed.
          </li>
          <li>Reading or exporting the audit log is itself an audited action. Events are kept for 400 days.</li>
        </ul>

        <h2 id="erasure">Export and erasure</h2>
        <p>
          An export streams a zip with your profile, generations (prompts decrypted), images (decrypted) and your own
          activity. Deleting your account revokes your sessions, then destroys your data key first (crypto-shredding):
          from that moment every copy of your encrypted work, backups included, is unreadable. The records, files,
          counters, tokens and the sign-in account are then removed in batches; the process is idempotent, resumes after
          interruptions, and is verified to leave nothing behind. You get a signed receipt that holds no email and no
          account id. See the <Link href="/privacy">privacy policy</Link> for what this means for you.
        </p>

        <h2 id="web">This website</h2>
        <ul>
          <li>
            Every page is served with a strict Content Security Policy: scripts run only with a fresh per-request nonce,
            and the page can connect only to Bez and the sign-in service. Plugins, framing by other sites and base-URL
            changes are blocked.
          </li>
          <li>
            HTTPS is enforced with HSTS; pages send no referrer, refuse camera, microphone and location access, and may
            not be embedded in other sites.
          </li>
          <li>Fonts are served from Bez itself: no third-party requests reveal when you visit.</li>
        </ul>
      </DocPage>
    </StaticPage>
  );
}
