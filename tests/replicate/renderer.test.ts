/**
 * The offline renderer: what the prompt names, deterministic per seed, the right size per aspect ratio, packshots
 * on exact white with the piece filling the frame, and reference pieces kept pixel for pixel.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describePrompt, Pieces } from "../../local/src/replicate/renderer/prompt.ts";
import { cutOut, placeOnScene } from "../../local/src/replicate/renderer/reference.ts";
import { renderImage } from "../../local/src/replicate/renderer/render.ts";
import { AspectRatios, sizeFor } from "../../local/src/replicate/renderer/sizes.ts";
import { settle, startTestReplicate } from "./client.ts";
import type { TestReplicate } from "./client.ts";

async function pixels(png: Buffer): Promise<{ data: Buffer; width: number; height: number; channels: number }> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

describe("prompt reading", () => {
  it("finds the piece, metal, stones and scene", () => {
    expect(describePrompt("Rose gold engagement ring with an oval sapphire and diamond halo, on a hand")).toMatchObject({
      piece: "ring",
      metal: "rose-gold",
      gem: "sapphire",
      accent: "diamond",
      backdrop: "hand",
    });
    expect(describePrompt("pearl necklace on black velvet")).toMatchObject({ piece: "necklace", metal: "yellow-gold", gem: "pearl", backdrop: "velvet", velvetColor: "black" });
    expect(describePrompt("sterling silver emerald drop earrings, packshot, no hands, no model")).toMatchObject({ piece: "earrings", metal: "silver", gem: "emerald", backdrop: "white" });
    expect(describePrompt("platinum ruby tennis bracelet, flat lay")).toMatchObject({ piece: "bracelet", bangle: false, metal: "platinum", gem: "ruby", backdrop: "flat-lay" });
    expect(describePrompt("white gold diamond pendant necklace worn by a model")).toMatchObject({ piece: "pendant", metal: "white-gold", backdrop: "neck" });
    expect(describePrompt("gold chain bracelet, macro shot")).toMatchObject({ piece: "bracelet", backdrop: "macro" });
    expect(describePrompt("a gold bangle on marble")).toMatchObject({ piece: "bracelet", bangle: true, backdrop: "marble" });
  });
});

describe("renderer", () => {
  it("gives the same bytes for the same seed and different ones for another", async () => {
    const request = { prompt: "yellow gold diamond ring on marble", width: 512, height: 512 };
    const [a, b, c] = await Promise.all([renderImage({ ...request, seed: 1 }), renderImage({ ...request, seed: 1 }), renderImage({ ...request, seed: 2 })]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it("renders every aspect ratio at its size, the longest side at least 1000 px", async () => {
    for (const ratio of AspectRatios) {
      const { width, height } = sizeFor(ratio);
      const [w, h] = ratio.split(":").map(Number) as [number, number];
      expect(Math.abs(width / height - w / h)).toBeLessThan(0.01);
      expect(Math.max(width, height)).toBeGreaterThanOrEqual(1000);
      const metadata = await sharp(await renderImage({ prompt: "silver ruby pendant packshot", width, height, seed: 4 })).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(["png", width, height]);
    }
  });

  const packshots = Pieces.flatMap((piece, i) =>
    (["1:1", "4:5", "16:9", "9:16"] as const).map((ratio, j) => ({
      prompt: `${["yellow gold", "rose gold", "white gold", "silver", "platinum"][i]} ${["diamond", "ruby", "emerald", "sapphire", "pearl"][(i + j) % 5]} ${piece}, white background packshot`,
      ratio,
      seed: i * 10 + j,
    })),
  );

  it.each(packshots)("packshot $prompt at $ratio: exact white border, the piece fills ≥ 85%", async ({ prompt, ratio, seed }) => {
    const { width, height } = sizeFor(ratio);
    const { data, channels } = await pixels(await renderImage({ prompt, width, height, seed }));
    const isWhite = (x: number, y: number) => {
      const i = (y * width + x) * channels;
      return data[i] === 255 && data[i + 1] === 255 && data[i + 2] === 255;
    };
    for (let x = 0; x < width; x++) expect(isWhite(x, 0) && isWhite(x, height - 1)).toBe(true);
    for (let y = 0; y < height; y++) expect(isWhite(0, y) && isWhite(width - 1, y)).toBe(true);
    // The piece is measured as the marketplace check measures it: a faint shadow or glow (every channel ≥ 240) is not product.
    const isBackground = (x: number, y: number) => {
      const i = (y * width + x) * channels;
      return (data[i] ?? 0) >= 240 && (data[i + 1] ?? 0) >= 240 && (data[i + 2] ?? 0) >= 240;
    };
    let [minX, minY, maxX, maxY] = [width, height, -1, -1];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (isBackground(x, y)) continue;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
    }
    const coverage = Math.max((maxX - minX + 1) / width, (maxY - minY + 1) / height);
    expect(coverage).toBeGreaterThanOrEqual(0.85);
  });
});

/** A photo of a "piece": a patterned disc on a plain background, 1024 × 1024. */
async function referencePhoto(background: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="1024"><rect width="1024" height="1024" fill="${background}"/><circle cx="520" cy="500" r="260" fill="#c9a13b"/><circle cx="520" cy="500" r="150" fill="#ffffff"/><rect x="470" y="420" width="100" height="160" fill="#1844b0"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Pixels well inside the disc (away from its anti-aliased edge) must be identical. */
async function expectPieceKept(input: Buffer, output: Buffer): Promise<void> {
  const a = await pixels(input);
  const b = await pixels(output);
  expect([b.width, b.height]).toEqual([a.width, a.height]);
  let compared = 0;
  for (let y = 260; y < 740; y += 3) {
    for (let x = 280; x < 760; x += 3) {
      if (Math.hypot(x - 520, y - 500) > 250) continue;
      const i = (y * a.width + x) * a.channels;
      const j = (y * b.width + x) * b.channels;
      expect([b.data[j], b.data[j + 1], b.data[j + 2]]).toEqual([a.data[i], a.data[i + 1], a.data[i + 2]]);
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(10_000);
}

describe("reference pieces", () => {
  let t: TestReplicate;
  let photoServer: ReturnType<typeof createServer>;
  let photoUrl: string;
  let photo: Buffer;

  beforeAll(async () => {
    t = await startTestReplicate();
    photo = await referencePhoto("#f3f1ee");
    photoServer = createServer((req, res) => res.writeHead(200, { "content-type": "image/png" }).end(photo));
    await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
    photoUrl = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}/signed/photo.png?sig=abc`;
  });
  afterAll(async () => {
    await t.server.stop();
    await new Promise((resolve) => photoServer.close(resolve));
  });

  it("cuts the piece out, keeping a white stone inside it opaque", async () => {
    const cutout = await cutOut(photo);
    const alpha = (x: number, y: number) => cutout.data[(y * cutout.width + x) * 4 + 3];
    expect(alpha(5, 5)).toBe(0);
    expect(alpha(520, 500)).toBe(255);
    expect(alpha(400, 500)).toBe(255);
  });

  it("composites the unchanged piece over a generated scene", async () => {
    const scene = await placeOnScene({ cutout: await cutOut(photo), prompt: "on marble", width: 1024, height: 1024, seed: 3 });
    await expectPieceKept(photo, scene);
  });

  it("bria/generate-background fetches the signed link and keeps the piece", async () => {
    const created = await t.replicate.predictions.create({ model: "bria/generate-background", input: { image: photoUrl, bg_prompt: "dark velvet", seed: 8 } });
    const { prediction } = await settle(t.replicate, created.id);
    expect(prediction.status).toBe("succeeded");
    expect(typeof prediction.output).toBe("string");
    await expectPieceKept(photo, Buffer.from(await (await fetch(prediction.output as string)).arrayBuffer()));
  });

  it("flux-kontext-pro with a data URI input_image keeps the piece", async () => {
    const input_image = `data:image/png;base64,${photo.toString("base64")}`;
    const created = await t.replicate.predictions.create({ model: "black-forest-labs/flux-kontext-pro", input: { prompt: "the ring on a flat lay of linen", input_image, seed: 2 } });
    const { prediction } = await settle(t.replicate, created.id);
    expect(prediction.status).toBe("succeeded");
    await expectPieceKept(photo, Buffer.from(await (await fetch(prediction.output as string)).arrayBuffer()));
  });

  it("bria/remove-background answers a PNG with transparency around the piece", async () => {
    const created = await t.replicate.predictions.create({ model: "bria/remove-background", input: { image: photoUrl } });
    const { prediction } = await settle(t.replicate, created.id);
    const { data, width, channels } = await pixels(Buffer.from(await (await fetch(prediction.output as string)).arrayBuffer()));
    expect(channels).toBe(4);
    expect(data[3]).toBe(0);
    expect(data[(500 * width + 520) * 4 + 3]).toBe(255);
  });
});
