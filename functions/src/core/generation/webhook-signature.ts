/**
 * Standard Webhooks verification (the scheme Replicate signs with): HMAC-SHA256 over "id.timestamp.body" with the
 * base64 secret after "whsec_", compared in constant time against every "v1," signature in the header, and a
 * timestamp within ±300 s so a captured delivery cannot be replayed later. (The replicate client's own
 * validateWebhook checks neither the timestamp nor compares in constant time.)
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const webhookToleranceSeconds = 300;

export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: "missing-headers" | "stale-timestamp" | "bad-signature" | "bad-secret" };

export function signWebhook(secret: string, id: string, timestamp: number, body: Uint8Array): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const mac = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
  return `v1,${mac}`;
}

export function verifyWebhook(secret: string, headers: WebhookHeaders, body: Uint8Array, now: Date): WebhookVerdict {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing-headers" };
  if (!secret.startsWith("whsec_")) return { ok: false, reason: "bad-secret" };
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > webhookToleranceSeconds) return { ok: false, reason: "stale-timestamp" };
  const expected = Buffer.from(signWebhook(secret, id, seconds, body).slice(3), "base64");
  for (const candidate of signature.split(" ")) {
    const [version, value] = candidate.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "bad-signature" };
}
