import type { ProblemCode } from "@bez/contracts";

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
