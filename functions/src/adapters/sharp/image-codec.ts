/**
 * The ImageCodec on sharp (libvips). Every decode of untrusted bytes is bounded: a pixel limit checked from the
 * header before any pixel is decoded, `failOn: "error"` so corrupt or truncated data is refused rather than
 * half-decoded, sequential reads, and a processing timeout. Output never carries metadata: sharp writes none
 * unless asked, and converts to sRGB (dropping ICC profiles) by default.
 */
import sharp, { type Sharp } from "sharp";
import type { EncodedImage, ImageCodec, ImageFormat, ImageHeader } from "../../ports.ts";
import { ImageCodecError } from "../../ports.ts";

// Decoded pixels of trade-secret photos must not linger in libvips' operation cache between requests.
sharp.cache(false);

const TIMEOUT_SECONDS = 30;
/** Stored images were checked against the upload limit already; this only guards the converter itself. */
const STORED_MAX_PIXELS = 40_000_000;

function decoder(bytes: Uint8Array, maxPixels: number): Sharp {
  return sharp(bytes, { failOn: "error", limitInputPixels: maxPixels, sequentialRead: true }).timeout({
    seconds: TIMEOUT_SECONDS,
  });
}

function encode(pipeline: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case "png":
      return pipeline.png({ compressionLevel: 6 });
    case "jpeg":
      // JPEG has no alpha: transparent areas become the packshot white rather than black.
      return pipeline.flatten({ background: "#ffffff" }).jpeg({ quality: 92 });
    case "webp":
      return pipeline.webp({ quality: 90 });
  }
}

async function run(pipeline: Sharp, format: ImageFormat): Promise<EncodedImage> {
  const { data, info } = await translated(() => encode(pipeline, format).toBuffer({ resolveWithObject: true }));
  return { bytes: data, format, width: info.width, height: info.height };
}

/** libvips' messages name what went wrong with the input; only the class of problem leaves this adapter. */
async function translated<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/pixel limit/i.test(message)) throw new ImageCodecError("too-many-pixels", "the image has too many pixels");
    if (/unsupported image format/i.test(message)) throw new ImageCodecError("unsupported", "not a supported image format");
    throw new ImageCodecError("corrupt", "the image could not be decoded");
  }
}

const knownFormats: ReadonlySet<string> = new Set<ImageFormat>(["png", "jpeg", "webp"]);

export function createSharpImageCodec(): ImageCodec {
  return {
    async probe(bytes, maxPixels): Promise<ImageHeader> {
      const meta = await translated(() => sharp(bytes, { failOn: "error", limitInputPixels: maxPixels }).metadata());
      const format = knownFormats.has(meta.format) ? (meta.format as ImageFormat) : "other";
      return { format, width: meta.width, height: meta.height };
    },

    sanitize(bytes, format, maxPixels) {
      // Orientation is applied to the pixels before the EXIF that carried it is dropped.
      return run(decoder(bytes, maxPixels).autoOrient(), format);
    },

    thumbnail(bytes, size) {
      return run(decoder(bytes, STORED_MAX_PIXELS).resize(size, size, { fit: "inside", withoutEnlargement: true }), "webp");
    },

    transcode(bytes, format, width) {
      const pipeline = decoder(bytes, STORED_MAX_PIXELS);
      return run(width === undefined ? pipeline : pipeline.resize({ width, withoutEnlargement: true }), format);
    },
  };
}
