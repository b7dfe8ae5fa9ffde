/**
 * Presets, generations (create with Idempotency-Key, list, get, events, cancel) and the marketplace fix.
 * Mounted after authenticate().
 */
import { type Request, Router } from "express";
import { z } from "zod";
import { CreateGenerationRequest, GenerationId, GenerationListQuery, ImageId, terminalStatuses } from "@bez/contracts";
import { requireActiveAccount } from "../../core/accounts/active.ts";
import type { ProfileDeps } from "../../core/accounts/profile.ts";
import { enforceRate } from "../../core/limits/enforce.ts";
import { type LimitPolicies, limiterKeys, userSubject } from "../../core/limits/policies.ts";
import { cancelGeneration } from "../../core/generation/cancel.ts";
import { createGeneration } from "../../core/generation/create.ts";
import type { GenerationDeps } from "../../core/generation/deps.ts";
import { refreshFromModel } from "../../core/generation/ingest.ts";
import { fixForMarketplace } from "../../core/generation/marketplace.ts";
import { presets, publicPreset } from "../../core/generation/presets.ts";
import { getGeneration, getGenerationEvent, listGenerations } from "../../core/generation/read.ts";
import { contextOf } from "../auth.ts";
import { parseJsonBody, parseQuery, validate } from "../body.ts";
import { pollStream } from "../sse.ts";

export interface GenerationRoutesDeps {
  generation: GenerationDeps;
  profiles: ProfileDeps;
  policies: LimitPolicies;
}

const NoQuery = z.strictObject({});
const generationIdOf = (req: Request) => validate(GenerationId, req.params.id);

export function generationRoutes(deps: GenerationRoutesDeps): Router {
  const router = Router();
  const { generation } = deps;

  router.get("/v1/presets", (req, res) => {
    parseQuery(req, NoQuery);
    res.json(presets.map(publicPreset));
  });

  router.post("/v1/generations", async (req, res) => {
    parseQuery(req, NoQuery);
    const request = await parseJsonBody(req, CreateGenerationRequest, 8 * 1024);
    const outcome = await createGeneration(generation, deps.profiles, contextOf(res), request, req.get("idempotency-key"));
    if (outcome.kind === "replay") res.status(outcome.status).setHeader("Idempotent-Replayed", "true");
    else {
      for (const [name, value] of Object.entries(outcome.headers)) res.setHeader(name, value);
      res.status(202);
    }
    res.setHeader("Location", `/v1/generations/${outcome.kind === "replay" ? outcome.id : outcome.accepted.id}`);
    res.type("application/json; charset=utf-8").send(outcome.body);
  });

  router.get("/v1/generations", async (req, res) => {
    res.json(await listGenerations(generation, contextOf(res).principal.uid, parseQuery(req, GenerationListQuery)));
  });

  router.get("/v1/generations/:id", async (req, res) => {
    parseQuery(req, NoQuery);
    res.json(await getGeneration(generation, contextOf(res).principal.uid, generationIdOf(req)));
  });

  router.get("/v1/generations/:id/events", async (req, res) => {
    parseQuery(req, NoQuery);
    const uid = contextOf(res).principal.uid;
    const id = generationIdOf(req);
    const read = () => getGenerationEvent(generation, uid, id);
    // Progress between the start and completion webhooks is polled from the model while someone watches. A failed
    // poll only delays news: the webhook and the reconciler bring it too.
    const refresh = () =>
      refreshFromModel(generation, uid, id).catch((error: unknown) => {
        generation.logger.warn("progress refresh failed", { error: error instanceof Error ? error.name : "error" });
      });
    // Read once before the headers go out, so a missing generation is still a 404 problem.
    const wake = (listener: () => void) => generation.changes.subscribe(uid, id, listener);
    await pollStream(res, await read(), { event: "status", read, isLast: (e) => terminalStatuses.includes(e.status), refresh, wake });
  });

  router.post("/v1/generations/:id/cancel", async (req, res) => {
    parseQuery(req, NoQuery);
    res.status(202).json(await cancelGeneration(generation, contextOf(res).principal.uid, generationIdOf(req)));
  });

  router.post("/v1/images/:id/marketplace-fix", async (req, res) => {
    parseQuery(req, NoQuery);
    const uid = contextOf(res).principal.uid;
    const id = validate(ImageId, req.params.id);
    await requireActiveAccount(generation.store, uid, "images");
    // It makes a new image, decoding and encoding like an upload: it shares the uploads budget.
    const headers = await enforceRate(generation.limiter, deps.policies.uploads, limiterKeys.rate("uploads", userSubject(uid)));
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const fixed = await fixForMarketplace(generation.vault, uid, id);
    res.status(201).setHeader("Location", `/v1/images/${fixed.image.id}`).json(fixed);
  });

  return router;
}
