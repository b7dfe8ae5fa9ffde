/**
 * Webhook delivery, as Replicate does it: a POST of the prediction JSON signed per Standard Webhooks.
 * The terminal (`completed`) delivery is retried on 429, 5xx, timeouts and network errors, a limited number
 * of times with backoff; intermediate ones are sent once. Every retry keeps its webhook-id (the receiver's
 * idempotency key) and is signed afresh with the current timestamp.
 */
import { setTimeout as delay } from "node:timers/promises";
import { messageId } from "./ids.ts";
import { signWebhook } from "./signing.ts";

export interface WebhookRetryPolicy {
  /** Attempts for a terminal delivery, the first included. */
  attempts: number;
  /** Wait before retry n is baseDelayMs × 2^(n-1). */
  baseDelayMs: number;
  /** One attempt fails after this long without an answer. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = { attempts: 5, baseDelayMs: 1000, timeoutMs: 10_000 };

export interface WebhookDelivery {
  url: string;
  body: string;
  retry: boolean;
}

/** What the sender reports about each attempt (the server logs it). */
export type WebhookLog = (line: string) => void;

export class WebhookSender {
  private readonly closing = new AbortController();

  constructor(
    private readonly secret: () => string,
    private readonly policy: WebhookRetryPolicy,
    private readonly log: WebhookLog,
  ) {}

  async deliver(delivery: WebhookDelivery): Promise<void> {
    const id = messageId();
    const attempts = delivery.retry ? Math.max(1, this.policy.attempts) : 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.closing.signal.aborted) return;
      const outcome = await this.attempt(id, delivery);
      if (outcome === "done") return;
      if (attempt < attempts) {
        const wait = this.policy.baseDelayMs * 2 ** (attempt - 1);
        this.log(`webhook ${id} to ${delivery.url}: ${outcome}; retry ${attempt} in ${wait} ms`);
        try {
          await delay(wait, undefined, { signal: this.closing.signal });
        } catch {
          return;
        }
      } else {
        this.log(`webhook ${id} to ${delivery.url}: ${outcome}; giving up`);
      }
    }
  }

  /** "done" when nothing more should be tried (2xx, or a 4xx other than 429); else why it may be retried. */
  private async attempt(id: string, delivery: WebhookDelivery): Promise<"done" | string> {
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Replicate-Webhook/1.0 (bez-local)",
          "webhook-id": id,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhook(this.secret(), id, timestamp, delivery.body),
        },
        body: delivery.body,
        redirect: "manual",
        signal: AbortSignal.any([AbortSignal.timeout(this.policy.timeoutMs), this.closing.signal]),
      });
      await response.body?.cancel();
      if (response.status === 429 || response.status >= 500) return `HTTP ${response.status}`;
      if (response.status >= 300) this.log(`webhook ${id} to ${delivery.url}: HTTP ${response.status}, not retried`);
      return "done";
    } catch (err) {
      if (this.closing.signal.aborted) return "done";
      return err instanceof Error && err.name === "TimeoutError" ? "timed out" : "could not connect";
    }
  }

  close(): void {
    this.closing.abort();
  }
}
