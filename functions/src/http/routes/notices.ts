/** The caller's notice inbox under /v1/me/notices; mounted after authenticate() (ID tokens only: see scopes.ts). */
import { Router } from "express";
import { ListQuery, NoticeId } from "@bez/contracts";
import { listNotices, markNotice } from "../../core/notices/notices.ts";
import type { Clock, DocumentStore } from "../../ports.ts";
import { contextOf } from "../auth.ts";
import { parseQuery, validate } from "../body.ts";

export function noticeRoutes(deps: { store: DocumentStore; clock: Clock }): Router {
  const router = Router();
  router.get("/v1/me/notices", async (req, res) => {
    const page = parseQuery(req, ListQuery);
    res.setHeader("Cache-Control", "no-store").json(await listNotices(deps.store, contextOf(res), page));
  });
  router.post("/v1/me/notices/:id/read", async (req, res) => {
    res.json(await markNotice(deps, contextOf(res), validate(NoticeId, req.params.id), false));
  });
  router.post("/v1/me/notices/:id/acknowledge", async (req, res) => {
    res.json(await markNotice(deps, contextOf(res), validate(NoticeId, req.params.id), true));
  });
  return router;
}
