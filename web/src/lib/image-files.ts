/**
 * Image files in the browser: checking a picked file before it is sent, saving downloads, and exact marketplace
 * canvases (the piece fitted inside, padded with white) drawn client-side.
 */
import { imageLimits, type ImageFormat } from "@bez/contracts";
import { problemMessages, type Words } from "./problem-messages";

/** The format the file's first bytes say it is (what the API sniffs too), or null. */
export function sniffFormat(head: Uint8Array): ImageFormat | null {
  const at = (i: number) => head[i] ?? -1;
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return "png";
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return "jpeg";
  const ascii = (from: number, to: number) => String.fromCharCode(...head.slice(from, to));
  if (head.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  return null;
}

export type FileCheck = { ok: true; format: ImageFormat } | { ok: false; words: Words };

/** Checks type (by content, not by name) and size before uploading, so the common mistakes need no round trip. */
export async function checkImageFile(file: File): Promise<FileCheck> {
  if (file.size === 0) return { ok: false, words: problemMessages["invalid-image"] };
  if (file.size > imageLimits.maxUploadBytes) return { ok: false, words: problemMessages["image-too-large"] };
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const format = sniffFormat(head);
  if (!format) {
    const looksLikeImage = /^image\/(png|jpe?g|webp)$/.test(file.type) || /\.(png|jpe?g|webp)$/i.test(file.name);
    return { ok: false, words: problemMessages[looksLikeImage ? "invalid-image" : "unsupported-media-type"] };
  }
  return { ok: true, format };
}

export const downloadFormats: { format: ImageFormat; label: string; note: string }[] = [
  { format: "png", label: "PNG", note: "Lossless, largest" },
  { format: "jpeg", label: "JPEG", note: "Smallest, for most shops" },
  { format: "webp", label: "WebP", note: "Small, for your website" },
];

export interface MarketplaceSize {
  id: "amazon" | "etsy" | "shopify";
  label: string;
  width: number;
  height: number;
}

/** Main-image sizes the marketplaces recommend (white background, the piece filling most of the frame). */
export const marketplaceSizes: MarketplaceSize[] = [
  { id: "amazon", label: "Amazon", width: 2000, height: 2000 },
  { id: "etsy", label: "Etsy", width: 2000, height: 1600 },
  { id: "shopify", label: "Shopify", width: 2048, height: 2048 },
];

export const extensions: Record<ImageFormat, string> = { png: "png", jpeg: "jpg", webp: "webp" };

/** Saves a blob under a file name, through a short-lived blob: URL (no bytes ever leave the browser). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * Draws the image centred on a white canvas of exactly `width` × `height`, scaled to fit (never cropped), and
 * encodes it as JPEG — what the marketplaces ask for.
 */
export async function padToCanvas(source: Blob, width: number, height: number): Promise<Blob> {
  const bitmap = await createImageBitmap(source);
  try {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2d canvas");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    const scale = Math.min(width / bitmap.width, height / bitmap.height);
    const w = Math.round(bitmap.width * scale);
    const h = Math.round(bitmap.height * scale);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = "high";
    ctx.drawImage(bitmap, Math.round((width - w) / 2), Math.round((height - h) / 2), w, h);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("encoding failed"))), "image/jpeg", 0.92),
    );
  } finally {
    bitmap.close();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
