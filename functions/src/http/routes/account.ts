/**
 * Privacy and account settings under /v1/me: the caller's IP, IP lock, restriction, personal access tokens, export
 * and deletion. Mounted after authenticate(); the token-scope check in front of it keeps PATs out of all of these.
 */
import { Router } from "express";
import { z } from "zod";
import {
  type CallerIp,
  CreateTokenRequest,
  type DeletionAccepted,
  DeleteAccountRequest,
  IpLockRequest,
  RestrictionRequest,
  TokenId,
} from "@bez/contracts";
import { exportAccount } from "../../core/accounts/export.ts";
import { type IpLocks, setIpLock } from "../../core/accounts/ip-lock.ts";
import type { ProfileDeps } from "../../core/accounts/profile.ts";
import { setRestriction } from "../../core/accounts/restriction.ts";
import { createToken, listTokens, revokeToken } from "../../core/accounts/tokens.ts";
import type { DeletionDeps } from "../../core/deletion/deps.ts";
import { requestDeletion, runDeletion } from "../../core/deletion/run.ts";
import type { VaultDeps } from "../../core/vault/images.ts";
import type { ArchiveWriter, DeletionJobs, Logger } from "../../ports.ts";
import { contextOf } from "../auth.ts";
import { parseJsonBody, parseQuery, validate } from "../body.ts";
import { clientIp } from "../client-ip.ts";
import { type RateLimitDeps, limitPerUser } from "../rate-limit.ts";

export interface AccountRoutesDeps {
  profiles: ProfileDeps;
  ipLocks: IpLocks;
  vault: VaultDeps;
  deletion: DeletionDeps;
  deletionJobs: DeletionJobs;
  rateLimit: RateLimitDeps;
  logger: Logger;
  /** A new archive for each export (the ZIP writer). */
  archives: () => ArchiveWriter;
}

const NoQuery = z.strictObject({});

/** The steps a deletion request finishes before it answers: sessions revoked and the data key destroyed. */
const stepsBeforeAnswer = 2;

export function accountRoutes(deps: AccountRoutesDeps): Router {
  const router = Router();
  const { profiles } = deps;

  router.get("/v1/me/ip", (req, res) => {
    parseQuery(req, NoQuery);
    const body: CallerIp = { ip: clientIp(req, deps.rateLimit.trustedProxies) };
    res.json(body);
  });

  router.put("/v1/me/ip-lock", async (req, res) => {
    const request = await parseJsonBody(req, IpLockRequest, 16 * 1024);
    const ip = clientIp(req, deps.rateLimit.trustedProxies);
    res.json(await setIpLock({ ...profiles, ipLocks: deps.ipLocks }, contextOf(res), ip, request));
  });

  router.put("/v1/me/restriction", async (req, res) => {
    const { restricted } = await parseJsonBody(req, RestrictionRequest, 1024);
    res.json(await setRestriction(profiles, contextOf(res), restricted));
  });

  router.post("/v1/me/tokens", async (req, res) => {
    const request = await parseJsonBody(req, CreateTokenRequest, 4 * 1024);
    const created = await createToken(profiles, contextOf(res), request);
    res.status(201).setHeader("Cache-Control", "no-store").json(created);
  });

  router.get("/v1/me/tokens", async (req, res) => {
    parseQuery(req, NoQuery);
    res.json(await listTokens(profiles, contextOf(res).principal.uid));
  });

  router.delete("/v1/me/tokens/:id", async (req, res) => {
    parseQuery(req, NoQuery);
    await revokeToken(profiles, contextOf(res), validate(TokenId, req.params.id));
    res.status(204).end();
  });

  router.get("/v1/me/export", limitPerUser(deps.rateLimit, "exports"), async (req, res) => {
    parseQuery(req, NoQuery);
    const exportDeps = { profiles, vault: deps.vault, archives: deps.archives, logger: deps.logger };
    await exportAccount(exportDeps, contextOf(res), (filename) => {
      res.status(200);
      res.setHeader("Content-Type", "application/zip");
      res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
      res.setHeader("Cache-Control", "private, no-store");
      return res;
    });
  });

  router.delete("/v1/me", async (req, res) => {
    parseQuery(req, NoQuery);
    await parseJsonBody(req, DeleteAccountRequest, 1024);
    const ctx = contextOf(res);
    const deletionId = await requestDeletion(deps.deletion, ctx);
    try {
      await runDeletion(deps.deletion, deletionId, { stopAfter: stepsBeforeAnswer });
    } catch (error) {
      // Accepted all the same: the deletion is recorded, and its queued job or the sweeper finishes it.
      deps.logger.warn("deletion: first steps failed; the queued job retries them", {
        deletionId,
        error: error instanceof Error ? error.name : "error",
      });
    }
    // The rest runs in a worker of its own: nothing may run here after the answer (Cloud Functions).
    await deps.deletionJobs.enqueue(deletionId).catch((error: unknown) => {
      deps.logger.warn("deletion: not queued; the sweeper finishes it", { deletionId, error: error instanceof Error ? error.name : "error" });
    });
    const body: DeletionAccepted = { deletionId };
    res.status(202).json(body);
  });

  return router;
}
