/** Standard Webhooks headers for a Replicate delivery, signed with the local server's secret; and a polling wait. */
import { createHmac } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

export function signedWebhookHeaders(secret: string, id: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const mac = createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64")).update(`${id}.${timestamp}.${body}`).digest("base64");
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1,${mac}`, "content-type": "application/json" };
}

/** Reads until `ok` holds, every `everyMs`; throws after `timeoutMs`. */
export async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error("condition not reached");
    await sleep(everyMs);
  }
}
