/**
 * /v1/images: upload, list, get (with a signed link), content, delete. The content route accepts a signed link
 * instead of a token (for <img src>), so it is mounted before authenticate(); the others after it.
 */
import { type Request, type RequestHandler, Router } from "express";
import { z } from "zod";
import { type ImageWithLink, ImageContentQuery, ImageFormat, ImageId, ImageListQuery, imageLimits, imageMediaTypes } from "@bez/contracts";
import { requireActiveAccount } from "../../core/accounts/active.ts";
import { DomainError } from "../../core/errors.ts";
import {
  type VaultDeps,
  deleteImage,
  getImage,
  ingestImage,
  listImages,
  serveImageContent,
} from "../../core/vault/images.ts";
import type { LinkSigner } from "../../core/vault/signed-links.ts";
import type { MetricsRecorder } from "../../ports.ts";
import { contextOf } from "../auth.ts";
import { parseQuery, readRawBody, validate } from "../body.ts";
import { type RateLimitDeps, limitPerUser, limitTranscode } from "../rate-limit.ts";

export interface ImageRoutesDeps {
  vault: VaultDeps;
  links: LinkSigner;
  /** Base of signed links; null derives it from the request (local stack and tests). */
  publicApiUrl: string | null;
  /** Counts uploads for admin metrics. */
  metrics: MetricsRecorder;
}

/** Uploads and on-the-fly conversions are where images cost CPU: each has its own limit. */
type LimitedImageRoutesDeps = ImageRoutesDeps & { rateLimit: RateLimitDeps };

const NoQuery = z.strictObject({});
const uploadTypes = new Map(ImageFormat.options.map((format) => [imageMediaTypes[format], format]));

const imageIdOf = (req: Request) => validate(ImageId, req.params.id);

/**
 * `GET /v1/images/{id}/content`: a signed link's u/exp/sig (no Authorization header needed), or else `bearer`, the
 * app's authentication middleware. Either way `ipLock` then applies the owner's IP lock.
 */
export function imageContentRoutes(deps: LimitedImageRoutesDeps, bearer: RequestHandler, ipLock: RequestHandler): Router {
  const router = Router();
  const linkOrBearer: RequestHandler = (req, res, next) => {
    const query = parseQuery(req, ImageContentQuery);
    if (query.u === undefined && query.exp === undefined && query.sig === undefined) return bearer(req, res, next);
    const link = deps.links.verify(imageIdOf(req), query);
    res.locals.linkOwner = link.uid;
    res.locals.linkSignature = query.sig;
    res.locals.linkForModel = link.audience === "model";
    next();
  };
  // A model link is fetched from the model service's network, never the owner's: the owner's IP lock cannot apply.
  const ipLockUnlessModel: RequestHandler = (req, res, next) => (res.locals.linkForModel ? next() : ipLock(req, res, next));
  router.get("/v1/images/:id/content", linkOrBearer, ipLockUnlessModel, async (req, res) => {
    const id = imageIdOf(req);
    const { format, width } = parseQuery(req, ImageContentQuery);
    const owner = (res.locals.linkOwner as string | undefined) ?? contextOf(res).principal.uid;
    const linkSignature = (res.locals.linkSignature as string | undefined) ?? null;
    const content = await serveImageContent(deps.vault, owner, id, { format, width }, () => limitTranscode(deps.rateLimit, res, owner, linkSignature));
    const extension = content.format === "jpeg" ? "jpg" : content.format;
    res.status(200);
    res.setHeader("Content-Type", imageMediaTypes[content.format]);
    res.setHeader("Content-Length", String(content.length));
    res.setHeader("Content-Disposition", `inline; filename="${id}.${extension}"`);
    res.setHeader("Cache-Control", "private, no-store");
    // The image is the whole response: no sniffing into something else, no embedding as a page.
    res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    // The web app shows signed links in <img> from another origin (another site in production; Chromium also
    // treats another port of 127.0.0.1 as another site), so `same-site` would block them. The link is itself the
    // credential, and nothing here depends on cookies.
    res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    // Corked, the chunks leave in one writev.
    res.cork();
    for (const chunk of content.chunks) res.write(chunk);
    res.end();
  });
  return router;
}

/** The other image routes; mounted after authenticate(). */
export function imageRoutes(deps: LimitedImageRoutesDeps): Router {
  const router = Router();

  router.post("/v1/images", limitPerUser(deps.rateLimit, "uploads"), async (req, res) => {
    parseQuery(req, NoQuery);
    const declared = uploadTypes.get((req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "");
    if (!declared) {
      throw new DomainError("unsupported-media-type", "Send the image as the raw body with Content-Type image/png, image/jpeg or image/webp.");
    }
    const { uid } = contextOf(res).principal;
    await requireActiveAccount(deps.vault.store, uid, "images");
    const bytes = await readRawBody(req, imageLimits.maxUploadBytes);
    const record = await ingestImage(deps.vault, uid, { bytes, declared, kind: "upload" });
    deps.metrics.count("uploads");
    res.status(201).setHeader("Location", `/v1/images/${record.id}`).json(record);
  });

  router.get("/v1/images", async (req, res) => {
    res.json(await listImages(deps.vault, contextOf(res).principal.uid, parseQuery(req, ImageListQuery)));
  });

  router.get("/v1/images/:id", async (req, res) => {
    parseQuery(req, NoQuery);
    const id = imageIdOf(req);
    const uid = contextOf(res).principal.uid;
    const record = await getImage(deps.vault, uid, id);
    const { params, expiresAt } = deps.links.issue(uid, id);
    const url = new URL(`${baseUrl(deps, req)}/v1/images/${id}/content`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const body: ImageWithLink = { ...record, url: url.toString(), urlExpiresAt: expiresAt.toISOString() };
    res.json(body);
  });

  router.delete("/v1/images/:id", async (req, res) => {
    parseQuery(req, NoQuery);
    await deleteImage(deps.vault, contextOf(res).principal.uid, imageIdOf(req));
    res.status(204).end();
  });

  return router;
}

function baseUrl(deps: ImageRoutesDeps, req: Request): string {
  return deps.publicApiUrl ?? `${req.protocol}://${req.get("host") ?? "127.0.0.1"}`;
}
