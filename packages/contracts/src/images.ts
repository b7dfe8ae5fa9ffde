import { z } from "zod";
import { ListQuery, listOf, opaqueId } from "./lists.ts";

/** The formats the vault accepts, stores and serves. */
export const ImageFormat = z.enum(["png", "jpeg", "webp"]);
export type ImageFormat = z.infer<typeof ImageFormat>;

/** The `Content-Type` an upload declares, and the one content is served with, per format. */
export const imageMediaTypes: Record<ImageFormat, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

export const ImageKind = z.enum(["upload", "output"]);
export type ImageKind = z.infer<typeof ImageKind>;

export const imageLimits = {
  /** Largest upload body, in bytes (25 MiB). */
  maxUploadBytes: 25 * 1024 * 1024,
  /** Largest decoded image, in pixels (40 megapixels). */
  maxPixels: 40_000_000,
  /** `width` accepted by the content route. */
  minWidth: 64,
  maxWidth: 4096,
  /** How long a signed content link stays valid, at most. */
  linkTtlSeconds: 300,
} as const;

export const ImageRecord = z.object({
  id: z.string(),
  kind: ImageKind,
  format: ImageFormat,
  width: z.number().int(),
  height: z.number().int(),
  /** Size of the stored (metadata-free) image as served without conversion. */
  bytes: z.number().int(),
  createdAt: z.string(),
  /** The generation that produced an output; null for uploads. */
  generationId: z.string().nullable(),
});
export type ImageRecord = z.infer<typeof ImageRecord>;

/** `GET /v1/images/{id}`: the record and a short-lived signed link to its content. */
export const ImageWithLink = ImageRecord.extend({ url: z.string(), urlExpiresAt: z.string() });
export type ImageWithLink = z.infer<typeof ImageWithLink>;

export const ImageList = listOf(ImageRecord);
export type ImageList = z.infer<typeof ImageList>;

export const ImageListQuery = ListQuery.extend({ kind: ImageKind.optional() });
export type ImageListQuery = z.infer<typeof ImageListQuery>;

/** Route parameter: ids are opaque and URL-safe. */
export const ImageId = opaqueId("Not an image id");

/**
 * `GET /v1/images/{id}/content`: optional conversion, plus the signed link's parameters when the request
 * carries no Authorization header (`u` opaque owner, `exp` unix seconds, `sig` base64url HMAC).
 */
export const ImageContentQuery = z.strictObject({
  format: ImageFormat.optional(),
  width: z.coerce.number().int().min(imageLimits.minWidth).max(imageLimits.maxWidth).optional(),
  u: z.string().regex(/^[A-Za-z0-9_-]{1,512}$/).optional(),
  exp: z.string().regex(/^\d{1,12}$/).optional(),
  sig: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/).optional(),
});
export type ImageContentQuery = z.infer<typeof ImageContentQuery>;
