/**
 * Reference photos keep the real piece: its pixels are cut out of the photo and composited, unchanged, over a
 * generated scene — never redrawn. The cut-out floods the background in from the border (so a white diamond
 * inside a piece on a white ground stays), and an input that already has transparency is used as it is.
 */
import sharp from "sharp";
import { describePrompt } from "./prompt.ts";
import { composeBackdropSvg } from "./render.ts";

export interface Cutout {
  /** Raw RGBA. */
  data: Buffer;
  width: number;
  height: number;
}

/** Colour distance below which a border-connected pixel is background, and above which it is the piece. */
const CLEAR = 18;
const SOLID = 56;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function cutOut(image: Buffer): Promise<Cutout> {
  const { data, info } = await sharp(image).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const pixels = width * height;
  let transparent = false;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i]! < 250) {
      transparent = true;
      break;
    }
  }
  if (transparent) return { data, width, height };

  const border: number[] = [];
  for (let x = 0; x < width; x++) border.push(x, (height - 1) * width + x);
  for (let y = 1; y < height - 1; y++) border.push(y * width, y * width + width - 1);
  const channel = (c: number) => median(border.map((p) => data[p * 4 + c]!));
  const bg = [channel(0), channel(1), channel(2)];
  const distance = (p: number) =>
    Math.max(Math.abs(data[p * 4]! - bg[0]!), Math.abs(data[p * 4 + 1]! - bg[1]!), Math.abs(data[p * 4 + 2]! - bg[2]!));

  // Flood from the border through background-like pixels; what it cannot reach is the piece.
  const seen = new Uint8Array(pixels);
  const queue = new Int32Array(pixels);
  let head = 0;
  let tail = 0;
  for (const p of border) {
    if (!seen[p] && distance(p) < SOLID) {
      seen[p] = 1;
      queue[tail++] = p;
    }
  }
  while (head < tail) {
    const p = queue[head++]!;
    const x = p % width;
    const neighbours = [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width];
    for (const q of neighbours) {
      if (q < 0 || q >= pixels || seen[q] || distance(q) >= SOLID) continue;
      seen[q] = 1;
      queue[tail++] = q;
    }
  }
  const out = Buffer.from(data);
  for (let p = 0; p < pixels; p++) {
    if (!seen[p]) continue;
    const d = distance(p);
    // Anti-aliased edges between the two thresholds keep part of their opacity.
    out[p * 4 + 3] = d <= CLEAR ? 0 : Math.round(((d - CLEAR) / (SOLID - CLEAR)) * 255);
  }
  return { data: out, width, height };
}

export async function cutoutPng(cutout: Cutout): Promise<Buffer> {
  return sharp(cutout.data, { raw: { width: cutout.width, height: cutout.height, channels: 4 } }).png().toBuffer();
}

export interface SceneComposite {
  cutout: Cutout;
  /** Names the scene ("on marble", "white background"…). */
  prompt: string;
  width: number;
  height: number;
  seed: number;
}

/**
 * The cut-out, scaled to fit the frame (not at all when the sizes match, so its pixels stay bit-exact),
 * centred over the scene with a soft shadow from its own silhouette.
 */
export async function placeOnScene(request: SceneComposite): Promise<Buffer> {
  const { cutout, width, height } = request;
  const scale = Math.min(width / cutout.width, height / cutout.height);
  const w = Math.max(1, Math.round(cutout.width * scale));
  const h = Math.max(1, Math.round(cutout.height * scale));
  const raw = { width: cutout.width, height: cutout.height, channels: 4 as const };
  const piece =
    w === cutout.width && h === cutout.height
      ? cutout.data
      : await sharp(cutout.data, { raw }).resize(w, h, { kernel: "lanczos3" }).raw().toBuffer();
  const left = Math.floor((width - w) / 2);
  const top = Math.floor((height - h) / 2);

  const alpha = Buffer.alloc(w * h);
  for (let i = 0; i < w * h; i++) alpha[i] = piece[i * 4 + 3]!;
  const blur = Math.max(2, Math.min(width, height) * 0.012);
  const softened = await sharp(alpha, { raw: { width: w, height: h, channels: 1 } })
    .blur(blur)
    .raw()
    .toBuffer();
  const shadow = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i++) shadow[i * 4 + 3] = Math.round(softened[i]! * 0.28);

  const spec = describePrompt(request.prompt);
  const scene = sharp(Buffer.from(composeBackdropSvg(spec, width, height, request.seed))).flatten({ background: "#ffffff" });
  // The shadow falls a little lower; rows that would leave the frame are dropped.
  const shadowTop = top + Math.round(Math.min(width, height) * 0.012);
  const rows = Math.min(h, height - shadowTop);
  return scene
    .composite([
      { input: shadow.subarray(0, rows * w * 4), raw: { width: w, height: rows, channels: 4 }, left, top: shadowTop },
      { input: piece, raw: { width: w, height: h, channels: 4 }, left, top },
    ])
    .png()
    .toBuffer();
}
