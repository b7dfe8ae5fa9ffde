/**
 * POST /v1/webhooks/replicate. Public (the signature is the credential), so it is mounted before authenticate()
 * and outside the per-IP limit on anonymous requests: Replicate's deliveries must never be throttled. Only
 * deliveries that fail verification count against a per-IP budget, which bounds how many audit events a forger
 * can make us write.
 */
import { Router } from "express";
import type { AuditLog } from "../../ports.ts";
import { DomainError } from "../../core/errors.ts";
import type { GenerationDeps } from "../../core/generation/deps.ts";
import { acceptDelivery, recordRejectedDelivery, verifyDelivery } from "../../core/generation/webhook.ts";
import { enforceRate, failClosed } from "../../core/limits/enforce.ts";
import { ipSubject } from "../../core/limits/ip-subject.ts";
import { limiterKeys } from "../../core/limits/policies.ts";
import { clientIp } from "../client-ip.ts";
import { readRawBody } from "../body.ts";
import type { RateLimitDeps } from "../rate-limit.ts";

export interface WebhookRoutesDeps {
  generation: GenerationDeps;
  audit: AuditLog;
  rateLimit: RateLimitDeps;
}

const maxBodyBytes = 1024 * 1024;

export function replicateWebhookRoutes(deps: WebhookRoutesDeps): Router {
  const router = Router();
  router.post("/v1/webhooks/replicate", async (req, res) => {
    const body = await readRawBody(req, maxBodyBytes);
    const headers = { id: req.get("webhook-id"), timestamp: req.get("webhook-timestamp"), signature: req.get("webhook-signature") };
    const verdict = await verifyDelivery(deps.generation, headers, body);
    if (!verdict.ok) {
      deps.generation.metrics.count("webhookRejections");
      const { limiter, policies, trustedProxies, dailySalt } = deps.rateLimit;
      const salt = await failClosed(() => dailySalt.current());
      const subject = ipSubject(clientIp(req, trustedProxies), salt);
      await enforceRate(limiter, policies.webhookRejections, limiterKeys.rate("webhookRejections", subject));
      await recordRejectedDelivery(deps.audit, headers.id, verdict.reason, String(res.locals.requestId));
      throw new DomainError("invalid-signature", "The webhook signature or timestamp is not valid.");
    }
    const { duplicate } = await acceptDelivery(deps.generation, headers.id ?? "", body);
    res.status(200).json({ received: true, duplicate });
  });
  return router;
}
