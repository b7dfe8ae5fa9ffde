/**
 * Standard Webhooks signing, exactly as Replicate signs: `webhook-signature: v1,<base64 HMAC-SHA256>` over
 * "${webhook-id}.${webhook-timestamp}.${body}", keyed with the base64-decoded part of the secret after "whsec_".
 */
import { createHmac, randomBytes } from "node:crypto";

const PREFIX = "whsec_";

export function generateSecret(): string {
  return `${PREFIX}${randomBytes(32).toString("base64")}`;
}

export function isSecret(text: string): boolean {
  return text.startsWith(PREFIX) && Buffer.from(text.slice(PREFIX.length), "base64").length >= 24;
}

export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}
