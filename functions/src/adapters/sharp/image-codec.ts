/**
 * The ImageCodec on sharp (libvips). Every decode of untrusted bytes is bounded: a pixel limit checked from the
 * header before any pixel is decoded, `failOn: "error"` so corrupt or truncated data is refused rather than
 * half-decoded, sequential reads, and a processing timeout. Output never carries metadata: sharp writes none
 * unless asked, and converts to sRGB (dropping ICC profiles) by default.
 */
import sharp, { type Sharp } from "sharp";
import type { AnalyzeOptions, EncodedImage, ImageAnalysis, ImageCodec, ImageFormat, ImageHeader, PixelBox } from "../../ports.ts";
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

/** One pass over flattened RGB pixels: border-band whiteness and the box around everything not near-white. */
function measure(pixels: Buffer, width: number, height: number, options: AnalyzeOptions): ImageAnalysis {
  const band = Math.max(1, Math.round(Math.min(width, height) * options.borderBand));
  const min = options.nearWhiteMin;
  let border = 0;
  let white = 0;
  let nearWhite = 0;
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0, at = 0; y < height; y++) {
    const yInBand = y < band || y >= height - band;
    for (let x = 0; x < width; x++, at += 3) {
      const r = pixels[at] as number;
      const g = pixels[at + 1] as number;
      const b = pixels[at + 2] as number;
      const isNearWhite = r >= min && g >= min && b >= min;
      if (yInBand || x < band || x >= width - band) {
        border++;
        if (isNearWhite) nearWhite++;
        if (r === 255 && g === 255 && b === 255) white++;
      }
      if (!isNearWhite) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  const subject: PixelBox | null = right < 0 ? null : { left, top, width: right - left + 1, height: bottom - top + 1 };
  return { width, height, whiteBorderShare: white / border, nearWhiteBorderShare: nearWhite / border, subject };
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

    async analyze(bytes, options) {
      // Transparent pixels count as what a marketplace would show them on: white.
      const pipeline = decoder(bytes, STORED_MAX_PIXELS).flatten({ background: "#ffffff" }).removeAlpha().toColourspace("srgb");
      const { data, info } = await translated(() => pipeline.raw().toBuffer({ resolveWithObject: true }));
      return measure(data, info.width, info.height, options);
    },

    async reframe(bytes, plan) {
      const { crop, canvasWidth, canvasHeight, fit } = plan;
      const scaled = await translated(() =>
        decoder(bytes, STORED_MAX_PIXELS)
          .flatten({ background: "#ffffff" })
          .removeAlpha()
          .extract(crop)
          .resize(Math.max(1, Math.floor(canvasWidth * fit)), Math.max(1, Math.floor(canvasHeight * fit)), { fit: "inside" })
          .raw()
          .toBuffer({ resolveWithObject: true }),
      );
      const left = Math.floor((canvasWidth - scaled.info.width) / 2);
      const top = Math.floor((canvasHeight - scaled.info.height) / 2);
      const white = { r: 255, g: 255, b: 255 };
      const canvas = sharp({ create: { width: canvasWidth, height: canvasHeight, channels: 3, background: white } })
        .composite([{ input: scaled.data, raw: { width: scaled.info.width, height: scaled.info.height, channels: 3 }, left, top }]);
      return run(canvas, "png");
    },
  };
}
