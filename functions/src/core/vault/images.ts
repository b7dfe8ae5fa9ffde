/**
 * The image vault: uploads and generated outputs go in sanitized (decoded, re-encoded, metadata-free) and
 * encrypted under the owner's data key; they come out decrypted, optionally converted, only to their owner.
 *
 * Records `users/{uid}/images/{id}`; blobs `u/{uid}/images/{id}` and `u/{uid}/thumbs/{id}` (kinds "image" and
 * "thumb" in the envelope's binding). Another user's image is "not found" everywhere, so ids cannot be probed.
 */
import { type ImageKind, type ImageList, type ImageListQuery, type ImageRecord, imageLimits } from "@bez/contracts";
import type { BlobStore, Clock, DocData, DocumentStore, EncodedImage, ImageCodec, ImageFormat, Ids } from "../../ports.ts";
import { ImageCodecError } from "../../ports.ts";
import { refuseIfErasing } from "../deletion/fence.ts";
import { DomainError } from "../errors.ts";
import type { DataKeys } from "./data-keys.ts";
import { openChunks, seal } from "./envelope.ts";
import { sniffImageFormat } from "./sniff.ts";
import { queryPage } from "../paging.ts";

export interface ImageDoc extends DocData {
  kind: ImageKind;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  createdAt: Date;
  generationId: string | null;
  thumb: { format: ImageFormat; width: number; height: number };
}

export interface VaultDeps {
  store: DocumentStore;
  blobs: BlobStore;
  codec: ImageCodec;
  dataKeys: DataKeys;
  ids: Ids;
  clock: Clock;
}

/** Thumbnails fit inside this square; requests for widths up to the thumbnail's are served from it. */
export const thumbnailSize = 512;

export const imagesCollection = (uid: string) => `users/${uid}/images`;
export const imagePath = (uid: string, id: string) => `${imagesCollection(uid)}/${id}`;
export const imageBlobKey = (uid: string, id: string) => `u/${uid}/images/${id}`;
export const thumbBlobKey = (uid: string, id: string) => `u/${uid}/thumbs/${id}`;

const notFound = () => new DomainError("not-found", "There is no such image.");

const formatNames: Record<ImageFormat, string> = { png: "PNG", jpeg: "JPEG", webp: "WebP" };

export interface IngestInput {
  /** Untrusted bytes: an upload, or a model's output. */
  bytes: Uint8Array;
  /** The format the sender claims (an upload's Content-Type); the bytes must agree. */
  declared: ImageFormat;
  kind: ImageKind;
  generationId?: string;
}

/** Checks, sanitizes, thumbnails, encrypts and stores an image; returns its record. */
export async function ingestImage(deps: VaultDeps, uid: string, input: IngestInput): Promise<ImageRecord> {
  return (await ingestSanitized(deps, uid, input)).record;
}

/**
 * `ingestImage`, also handing back the sanitized image as stored (for checks that must see exactly that). `inspect`,
 * such a check, runs on it beside the thumbnail: both only read the sanitized bytes, and neither waits for the other.
 */
export async function ingestSanitized<T = never>(
  deps: VaultDeps,
  uid: string,
  input: IngestInput,
  inspect?: (image: EncodedImage) => Promise<T>,
): Promise<{ record: ImageRecord; image: EncodedImage; inspection: T | undefined }> {
  const sniffed = sniffImageFormat(input.bytes);
  if (sniffed !== input.declared) {
    throw new DomainError(
      "unsupported-media-type",
      `The file is not a ${formatNames[input.declared]} image. Send PNG, JPEG or WebP with the matching Content-Type.`,
    );
  }
  const header = await decoding(() => deps.codec.probe(input.bytes, imageLimits.maxPixels));
  if (header.format !== sniffed) throw invalidImage();
  if (header.width * header.height > imageLimits.maxPixels) throw tooManyPixels();
  const image = await decoding(() => deps.codec.sanitize(input.bytes, sniffed, imageLimits.maxPixels));
  const [thumb, inspection] = await Promise.all([decoding(() => deps.codec.thumbnail(image.bytes, thumbnailSize)), inspect?.(image)]);

  const key = await deps.dataKeys.obtain(uid);
  const id = deps.ids.next();
  const doc: ImageDoc = {
    kind: input.kind,
    format: image.format,
    width: image.width,
    height: image.height,
    bytes: image.bytes.length,
    createdAt: deps.clock.now(),
    generationId: input.generationId ?? null,
    thumb: { format: thumb.format, width: thumb.width, height: thumb.height },
  };
  // Blobs first, record last: a record always has its blobs, and a failure leaves no record behind.
  try {
    await Promise.all([
      deps.blobs.put(imageBlobKey(uid, id), seal(key, { uid, kind: "image", id }, image.bytes)),
      deps.blobs.put(thumbBlobKey(uid, id), seal(key, { uid, kind: "thumb", id }, thumb.bytes)),
    ]);
    await deps.store.runTransaction(async (tx) => {
      await refuseIfErasing(tx, uid);
      tx.create(imagePath(uid, id), doc);
    });
  } catch (error) {
    await removeBlobs(deps.blobs, uid, id).catch(() => undefined);
    throw error;
  }
  return { record: toRecord(id, doc), image, inspection };
}

export async function listImages(deps: Pick<VaultDeps, "store">, uid: string, query: ImageListQuery): Promise<ImageList> {
  const page = await queryPage(deps.store, {
    collection: imagesCollection(uid),
    where: query.kind ? [{ field: "kind", op: "==", value: query.kind }] : [],
    orderBy: { field: "createdAt", direction: "desc" },
    limit: query.limit,
    startAfter: query.cursor,
  });
  return { items: page.docs.map((d) => toRecord(d.id, d.data as ImageDoc)), nextCursor: page.nextCursor };
}

export async function getImage(deps: Pick<VaultDeps, "store">, uid: string, id: string): Promise<ImageRecord> {
  return toRecord(id, await loadDoc(deps.store, uid, id));
}

export interface ImageContent {
  bytes: Uint8Array;
  format: ImageFormat;
}

export interface ServedImageContent {
  /** The image in sending order, chunked as it was read, so serving it costs no extra copy. */
  chunks: Uint8Array[];
  length: number;
  format: ImageFormat;
}

/** The decrypted image, converted when asked, as one buffer. */
export async function readImageContent(
  deps: VaultDeps,
  uid: string,
  id: string,
  want: { format?: ImageFormat; width?: number },
): Promise<ImageContent> {
  const { chunks, length, format } = await serveImageContent(deps, uid, id, want);
  return { bytes: chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, length), format };
}

/**
 * The decrypted image, converted when asked, for sending. Widths up to the thumbnail's are served from the
 * thumbnail, which is far cheaper to decrypt and decode; images are never scaled up.
 */
export async function serveImageContent(
  deps: VaultDeps,
  uid: string,
  id: string,
  want: { format?: ImageFormat; width?: number },
  /** Called before an on-the-fly conversion (the costly path), e.g. to spend a rate limit; it may refuse by throwing. */
  beforeConversion: () => Promise<void> = async () => {},
): Promise<ServedImageContent> {
  const doc = await loadDoc(deps.store, uid, id);
  const key = await deps.dataKeys.find(uid);
  if (!key) throw notFound();
  const fromThumb = want.width !== undefined && want.width <= doc.thumb.width;
  const source = fromThumb ? doc.thumb : doc;
  const sealed = await deps.blobs.get((fromThumb ? thumbBlobKey : imageBlobKey)(uid, id));
  if (!sealed) throw notFound();
  const chunks = await openChunks(key, { uid, kind: fromThumb ? "thumb" : "image", id }, sealed);
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const format = want.format ?? doc.format;
  const width = want.width !== undefined && want.width < source.width ? want.width : undefined;
  if (format === source.format && width === undefined) return { chunks, length, format };
  await beforeConversion();
  const converted = await deps.codec.transcode(Buffer.concat(chunks, length), format, width);
  return { chunks: [converted.bytes], length: converted.bytes.length, format: converted.format };
}

/** Removes the record, then both blobs. Another user's (or a missing) image: not found. */
export async function deleteImage(deps: Pick<VaultDeps, "store" | "blobs">, uid: string, id: string): Promise<void> {
  const path = imagePath(uid, id);
  const existed = await deps.store.runTransaction(async (tx) => {
    if (!(await tx.get(path))) return false;
    tx.delete(path);
    return true;
  });
  if (!existed) throw notFound();
  await removeBlobs(deps.blobs, uid, id);
}

async function loadDoc(store: DocumentStore, uid: string, id: string): Promise<ImageDoc> {
  const snapshot = await store.get(imagePath(uid, id));
  if (!snapshot) throw notFound();
  return snapshot.data as ImageDoc;
}

async function removeBlobs(blobs: BlobStore, uid: string, id: string): Promise<void> {
  await Promise.all([blobs.delete(imageBlobKey(uid, id)), blobs.delete(thumbBlobKey(uid, id))]);
}

function toRecord(id: string, doc: ImageDoc): ImageRecord {
  return {
    id,
    kind: doc.kind,
    format: doc.format,
    width: doc.width,
    height: doc.height,
    bytes: doc.bytes,
    createdAt: doc.createdAt.toISOString(),
    generationId: doc.generationId,
  };
}

const invalidImage = () =>
  new DomainError("invalid-image", "The image is damaged or incomplete and could not be read. Export it again and retry.");
const tooManyPixels = () =>
  new DomainError("image-too-large", `Images may have at most ${imageLimits.maxPixels / 1_000_000} megapixels.`);

/** Runs a codec step on untrusted input: whatever the input does wrong is the sender's 4xx, never a 500. */
async function decoding<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ImageCodecError) throw error.code === "too-many-pixels" ? tooManyPixels() : invalidImage();
    throw error;
  }
}
