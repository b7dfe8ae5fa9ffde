/**
 * Replicate webhooks (API.md): verified per Standard Webhooks against the account's signing secret, de-duplicated
 * by `webhook-id`, ingested, then acknowledged. A rejected delivery changes nothing and is audited; a repeated one
 * is acknowledged and does nothing.
 */
import { type AuditLog, ImageModelError } from "../../ports.ts";
import { DomainError } from "../errors.ts";
import type { GenerationDeps } from "./deps.ts";
import { applyWhenKnown } from "./ingest.ts";
import { isPredictionId } from "./records.ts";
import { type WebhookHeaders, type WebhookVerdict, verifyWebhook } from "./webhook-signature.ts";

/** Replicate retries a delivery for a while with the same id; remember ids well past that. */
const seenTtlSeconds = 24 * 3600;

export async function verifyDelivery(deps: Pick<GenerationDeps, "model" | "clock">, headers: WebhookHeaders, body: Uint8Array): Promise<WebhookVerdict> {
  if (!deps.model) throw new DomainError("dependency-unavailable", "Image generation is not configured on this server.");
  let secret: string;
  try {
    secret = await deps.model.webhookSecret();
  } catch (error) {
    if (!(error instanceof ImageModelError)) throw error;
    // Without the secret nothing can be verified: a 5xx makes the sender retry later.
    throw new DomainError("dependency-unavailable", "The webhook cannot be verified right now.", undefined, { "Retry-After": "10" });
  }
  return verifyWebhook(secret, headers, body, deps.clock.now());
}

export async function recordRejectedDelivery(audit: AuditLog, webhookId: string | undefined, reason: string, requestId: string): Promise<void> {
  await audit.record({
    actor: { uid: null, role: "system", via: "system" },
    action: "webhook.rejected",
    target: { type: "webhook", id: webhookId && /^[\w.:-]{1,128}$/.test(webhookId) ? webhookId : "unknown" },
    outcome: "denied",
    requestId,
    meta: { reason },
  });
}

/**
 * For a verified delivery: parses it, drops repeats, and ingests it before the caller answers (on Cloud Functions
 * nothing runs after the response). Returns whether it was a repeat. Ingestion failing forgets the webhook-id
 * and answers 503, so the sender's retry of the same id is processed rather than dropped as a repeat.
 */
export async function acceptDelivery(deps: GenerationDeps, webhookId: string, body: Uint8Array): Promise<{ duplicate: boolean }> {
  const model = deps.model;
  if (!model) throw new DomainError("dependency-unavailable", "Image generation is not configured on this server.");
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    throw new DomainError("invalid-json", "The webhook body is not JSON.");
  }
  const prediction = model.parsePrediction(payload);
  // An id that cannot name a prediction document is no prediction of ours (and must not reach the store as a path).
  if (!prediction || !isPredictionId(prediction.id)) throw new DomainError("invalid-request", "The webhook body is not a prediction.");
  const seenId = `replicate:${webhookId}`;
  let first = true;
  try {
    first = await deps.replayGuard.firstSeen(seenId, seenTtlSeconds);
  } catch {
    // Without the guard a repeat costs repeated work, never a repeated effect: ingestion is transactional.
    deps.logger.warn("webhook de-duplication unavailable", { webhook: webhookId });
  }
  if (!first) return { duplicate: true };
  try {
    await applyWhenKnown(deps, prediction);
  } catch (error) {
    await deps.replayGuard.forget(seenId).catch(() => {
      // The retry will be taken for a repeat: the reconciler polls the prediction once it has gone quiet.
      deps.logger.warn("webhook id not released after a failed ingestion", { webhook: webhookId });
    });
    deps.logger.error("webhook ingestion failed", { webhook: webhookId, error: error instanceof Error ? error.name : "error" });
    throw new DomainError("dependency-unavailable", "The delivery could not be processed now; retry it.", undefined, { "Retry-After": "10" });
  }
  return { duplicate: false };
}
