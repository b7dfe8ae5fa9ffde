import type { GenerationErrorCode, ProblemCode } from "@bez/contracts";

/**
 * Every API problem code in words a jeweler understands: what happened and what to do.
 * `satisfies Record<ProblemCode, …>` makes the compiler flag a new code that has no message yet.
 */
export const problemMessages = {
  "invalid-request": {
    title: "Some details need another look",
    detail: "Please check the highlighted fields and try again.",
  },
  "invalid-json": {
    title: "Something went wrong sending that",
    detail: "Please try again. If it keeps happening, reload the page.",
  },
  "invalid-image": {
    title: "We couldn't read that image",
    detail: "The file may be damaged, or it isn't the kind of image its name says. Please export it again as PNG, JPEG or WebP.",
  },
  "image-too-large": {
    title: "That image is too large",
    detail: "Please use an image up to 25 MB and 40 megapixels (for example 8000 × 5000 pixels).",
  },
  "payload-too-large": {
    title: "That is too large",
    detail: "Please choose a smaller file or shorten the text.",
  },
  "unsupported-media-type": {
    title: "That file type isn't supported",
    detail: "Please use a PNG, JPEG or WebP image.",
  },
  unauthenticated: {
    title: "Your session has ended",
    detail: "For your security, please sign in again.",
  },
  "invalid-signature": {
    title: "That message could not be verified",
    detail: "Bez only accepts messages signed by its image service.",
  },
  "id-token-required": {
    title: "Please sign in on the web to do this",
    detail: "This action needs a signed-in browser session, not an access token.",
  },
  "recent-login-required": {
    title: "Please confirm it's you",
    detail: "For your security, sign in again and then repeat this action.",
  },
  forbidden: {
    title: "Your account can't do that",
    detail: "This area is for a different role. Contact your administrator if you need access.",
  },
  "invalid-link": {
    title: "This image link has expired",
    detail: "Image links work for a few minutes only, for your security. Please open the image again from your studio.",
  },
  "ip-locked": {
    title: "Blocked by your IP lock",
    detail: "Your account only accepts connections from the networks you allowed. Connect from one of them (for example, your shop's network).",
  },
  "not-found": {
    title: "We couldn't find that",
    detail: "It may have been deleted, or the link is incomplete.",
  },
  "method-not-allowed": {
    title: "That action isn't available",
    detail: "Please reload the page and try again.",
  },
  conflict: {
    title: "That changed in the meantime",
    detail: "Please reload the page and try again.",
  },
  "idempotency-key-reused": {
    title: "That request was already sent with different details",
    detail: "Please reload the page and try again.",
  },
  "already-finished": {
    title: "That has already finished",
    detail: "There is nothing left to cancel.",
  },
  "processing-restricted": {
    title: "Processing is paused on your account",
    detail: "You asked us to restrict processing, so new images and uploads are off. You can still view, export or delete your data.",
  },
  "token-limit-reached": {
    title: "You have the most access tokens allowed",
    detail: "Revoke a token you no longer use, then create the new one.",
  },
  "marketplace-unfixable": {
    title: "We can't make this image marketplace-ready",
    detail: "Its background isn't close enough to white to clean up automatically. Try a new white packshot instead.",
  },
  "ip-lock-would-lock-you-out": {
    title: "That would lock you out",
    detail: "The network you are on right now must be in the list before the IP lock can be turned on.",
  },
  "quota-exceeded": {
    title: "You've reached a limit for now",
    detail: "Please wait a little and try again. Daily image allowances reset at midnight UTC.",
  },
  "rate-limiter-unavailable": {
    title: "Bez is briefly unavailable",
    detail: "A safety system is restarting. Please try again in a minute.",
  },
  "dependency-unavailable": {
    title: "Bez is briefly unavailable",
    detail: "One of our services isn't answering. Please try again in a minute.",
  },
  internal: {
    title: "Something went wrong on our side",
    detail: "Your data is safe. Please try again; if it keeps happening, contact support with the reference below.",
  },
} satisfies Record<ProblemCode, { title: string; detail: string }>;

export interface Words {
  title: string;
  detail: string;
}

/** Why a generation failed (Generation.error.code), in plain words. A failed generation is never charged. */
export const generationErrorMessages = {
  "model-unavailable": {
    title: "The image service is unavailable right now",
    detail: "Please try again in a few minutes. This attempt didn’t count against today’s allowance.",
  },
  "model-rejected": {
    title: "The image service declined this request",
    detail:
      "It found something in the description or the photo it can’t work with. Try rewording the description. This attempt didn’t count against today’s allowance.",
  },
  "model-failed": {
    title: "The images couldn’t be finished",
    detail: "Something went wrong while they were being made. Please try again; this attempt didn’t count against today’s allowance.",
  },
  "output-invalid": {
    title: "The result didn’t pass our checks",
    detail:
      "What came back was damaged or not an image, so we discarded it. Please try again; this attempt didn’t count against today’s allowance.",
  },
  timeout: {
    title: "That took too long",
    detail: "The image service didn’t finish in time. Please try again; this attempt didn’t count against today’s allowance.",
  },
} satisfies Record<GenerationErrorCode, Words>;

/** Which limit a 429 hit, read from its RateLimit-Policy name (see lib/api.ts). */
export type LimitKind = "daily" | "running" | "pace" | "uploads" | "other";

function waitWords(seconds: number | null): string {
  if (seconds === null || seconds <= 1) return "a moment";
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

function localTime(at: Date): string {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(at);
}

function durationWords(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

function browserIsOnUtc(): boolean {
  return new Date().getTimezoneOffset() === 0;
}

/** The next midnight UTC, when daily allowances reset. */
export function nextUtcMidnight(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Words for a 429: today's allowance used, too many running, or too fast. */
export function limitMessage(
  kind: LimitKind,
  info: { quota: number | null; retryAfterSeconds: number | null; resetsAt: Date | null },
): Words {
  switch (kind) {
    case "daily": {
      // Allowances reset at midnight UTC; say when that is for this jeweler, and how long until then.
      const midnight = nextUtcMidnight();
      const wait = (info.resetsAt ?? midnight).getTime() - Date.now();
      const when = browserIsOnUtc() ? "midnight UTC" : `midnight UTC (${localTime(midnight)} your time)`;
      return {
        title: "You’ve used today’s images",
        detail: `${info.quota ? `All ${info.quota} images of today’s allowance are made.` : "Today’s allowance is used up."} It resets at ${when}, in ${durationWords(wait)}.`,
      };
    }
    case "running":
      return {
        title: "Several images are already being made",
        detail: "Please wait for one of them to finish, or cancel one, then try again.",
      };
    case "pace":
      return {
        title: "That’s a lot of images in one minute",
        detail: `Please wait ${waitWords(info.retryAfterSeconds)} and try again.`,
      };
    case "uploads":
      return {
        title: "That’s a lot of uploads in one minute",
        detail: `Please wait ${waitWords(info.retryAfterSeconds)} and add the rest again.`,
      };
    default:
      return {
        title: problemMessages["quota-exceeded"].title,
        detail: info.retryAfterSeconds ? `Please wait ${waitWords(info.retryAfterSeconds)} and try again.` : problemMessages["quota-exceeded"].detail,
      };
  }
}
