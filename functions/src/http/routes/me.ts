import { Router } from "express";
import { ConsentRequest, PatchMeRequest } from "@bez/contracts";
import { type ProfileDeps, getMe, recordConsent, updateMe } from "../../core/accounts/profile.ts";
import { contextOf } from "../auth.ts";
import { parseJsonBody } from "../body.ts";

/** Routes under /v1/me; mounted after authenticate(). */
export function meRoutes(deps: ProfileDeps): Router {
  const router = Router();
  router.get("/v1/me", async (_req, res) => {
    res.json(await getMe(deps, contextOf(res)));
  });
  router.patch("/v1/me", async (req, res) => {
    const patch = await parseJsonBody(req, PatchMeRequest, 8 * 1024);
    res.json(await updateMe(deps, contextOf(res), patch));
  });
  router.post("/v1/me/consent", async (req, res) => {
    const consent = await parseJsonBody(req, ConsentRequest, 1024);
    res.json(await recordConsent(deps, contextOf(res), consent));
  });
  return router;
}
