/** `GET /v1/deletions/{id}`: the public, signed receipt of an erasure (the id is the credential; limited per IP). */
import { Router } from "express";
import { z } from "zod";
import { DeletionId } from "@bez/contracts";
import { getReceipt } from "../../core/deletion/receipt.ts";
import type { DocumentStore } from "../../ports.ts";
import { parseQuery, validate } from "../body.ts";
import { type RateLimitDeps, limitPerIp } from "../rate-limit.ts";

export function deletionReceiptRoutes(deps: { store: DocumentStore; rateLimit: RateLimitDeps }): Router {
  const router = Router();
  router.get("/v1/deletions/:id", limitPerIp(deps.rateLimit, "public"), async (req, res) => {
    parseQuery(req, z.strictObject({}));
    res.json(await getReceipt(deps.store, validate(DeletionId, req.params.id)));
  });
  return router;
}
