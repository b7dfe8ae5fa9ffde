/** The Amazon main-image check and its fix, on real images through the sharp codec. */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { createSharpImageCodec } from "../../functions/src/adapters/sharp/image-codec.ts";
import { amazonMainImage, analyzeOptions, checkAmazonMainImage } from "../../functions/src/core/generation/marketplace.ts";

const codec = createSharpImageCodec();

/** A `size` canvas of `background` with a dark gold rectangle of `piece` pixels at `at`. */
async function scene(
  width: number,
  height: number,
  piece: { width: number; height: number; left?: number; top?: number },
  background = { r: 255, g: 255, b: 255 },
): Promise<Buffer> {
  const gold = await sharp({ create: { width: piece.width, height: piece.height, channels: 3, background: { r: 170, g: 120, b: 40 } } }).png().toBuffer();
  return sharp({ create: { width, height, channels: 3, background } })
    .composite([{ input: gold, left: piece.left ?? Math.floor((width - piece.width) / 2), top: piece.top ?? Math.floor((height - piece.height) / 2) }])
    .png()
    .toBuffer();
}

const check = async (png: Buffer) => checkAmazonMainImage(await codec.analyze(png, analyzeOptions));

describe("Amazon main-image check", () => {
  it("passes a large piece on pure white at 1200 px", async () => {
    const result = await check(await scene(1200, 1200, { width: 1080, height: 700 }));
    expect(result).toMatchObject({ rule: "amazon-main-image", pass: true, fixable: false, longestSide: 1200, whiteBorderShare: 1, reasons: [] });
    expect(result.fillRatio).toBeCloseTo(0.9, 3);
  });

  it("measures fill on the axis the piece fills most", async () => {
    const tall = await check(await scene(1000, 1250, { width: 300, height: 1100 }));
    expect(tall.fillRatio).toBeCloseTo(0.88, 3);
    expect(tall.pass).toBe(true);
  });

  it("fails a small piece, says why in words, and can fix it", async () => {
    const result = await check(await scene(1024, 1024, { width: 400, height: 300 }));
    expect(result.pass).toBe(false);
    expect(result.fixable).toBe(true);
    expect(result.reasons).toEqual(["The piece fills 39% of the frame; Amazon asks for at least 85%."]);
  });

  it("fails an image under 1000 px and an off-white background, with a reason each", async () => {
    const result = await check(await scene(800, 800, { width: 720, height: 720 }, { r: 250, g: 250, b: 250 }));
    expect(result.pass).toBe(false);
    expect(result.whiteBorderShare).toBe(0);
    expect(result.reasons).toHaveLength(2);
    expect(result.reasons[0]).toMatch(/not pure white: only 0% of the image's edge is RGB 255, 255, 255/);
    expect(result.reasons[1]).toMatch(/800 px on its longest side; Amazon asks for at least 1000 px/);
    expect(result.fixable).toBe(true);
  });

  it("cannot fix a colored background", async () => {
    const result = await check(await scene(1200, 1200, { width: 600, height: 600 }, { r: 90, g: 60, b: 120 }));
    expect(result).toMatchObject({ pass: false, fixable: false });
  });

  it("reframes a fixable image into one that passes: cropped, centered, padded with pure white, ≥ 1000 px", async () => {
    const source = await scene(800, 600, { width: 200, height: 120, left: 40, top: 400 }, { r: 248, g: 248, b: 248 });
    const analysis = await codec.analyze(source, analyzeOptions);
    expect(analysis.subject).toEqual({ left: 40, top: 400, width: 200, height: 120 });
    const fixed = await codec.reframe(source, { crop: analysis.subject!, canvasWidth: 1000, canvasHeight: 750, fit: amazonMainImage.fixFill });
    expect(fixed).toMatchObject({ format: "png", width: 1000, height: 750 });
    const result = await check(Buffer.from(fixed.bytes));
    expect(result.pass).toBe(true);
    expect(result.fillRatio).toBeGreaterThanOrEqual(0.89);
    expect(result.whiteBorderShare).toBe(1);
  });

  it("treats transparency as white and a blank image as having no piece", async () => {
    const clear = await sharp({ create: { width: 1100, height: 1100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const result = await check(clear);
    expect(result.whiteBorderShare).toBe(1);
    expect(result.fillRatio).toBe(0);
    expect(result.reasons).toEqual(["No piece was found: the image is blank."]);
    expect(result.fixable).toBe(false);
  });
});
