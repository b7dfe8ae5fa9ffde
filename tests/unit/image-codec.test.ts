/** The sharp ImageCodec on hostile input: metadata removed, orientation kept, bombs and corrupt data refused. */
import { describe, expect, it } from "vitest";
import sharp from "sharp";
import { createSharpImageCodec } from "../../functions/src/adapters/sharp/image-codec.ts";
import { ImageCodecError } from "../../functions/src/ports.ts";
import { GPS_DATUM, jpegWithGps, pngBomb, pngWithComment, swatch } from "../helpers/images.ts";

const codec = createSharpImageCodec();
const maxPixels = 40_000_000;

async function codecError(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(ImageCodecError);
    return (error as ImageCodecError).code;
  }
  throw new Error("the codec accepted it");
}

describe("sharp image codec", () => {
  it("re-encodes a GPS-tagged JPEG with no EXIF, XMP, IPTC or ICC left, upright", async () => {
    const input = await jpegWithGps(320, 200);
    const before = await sharp(input).metadata();
    expect(before.exif?.includes(Buffer.from(GPS_DATUM))).toBe(true);
    expect(before.icc).toBeDefined();

    const output = await codec.sanitize(input, "jpeg", maxPixels);
    const after = await sharp(output.bytes).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(after.space).toBe("srgb");
    expect(Buffer.from(output.bytes).includes(Buffer.from(GPS_DATUM))).toBe(false);
    // Orientation 6 was applied to the pixels before it was dropped.
    expect([output.width, output.height]).toEqual([200, 320]);
  });

  it("drops PNG text chunks", async () => {
    const input = await pngWithComment("client: Maison Example, order 1182");
    expect((await sharp(input).metadata()).comments?.length).toBe(1);
    const output = await codec.sanitize(input, "png", maxPixels);
    expect((await sharp(output.bytes).metadata()).comments).toBeUndefined();
    expect(Buffer.from(output.bytes).includes(Buffer.from("Maison Example"))).toBe(false);
  });

  it("refuses a decompression bomb from its header", async () => {
    const bomb = pngBomb(30000, 30000);
    expect(bomb.length).toBeLessThan(2048);
    expect(await codecError(codec.probe(bomb, maxPixels))).toBe("too-many-pixels");
    expect(await codecError(codec.sanitize(bomb, "png", maxPixels))).toBe("too-many-pixels");
  });

  it("refuses truncated and corrupt data instead of half-decoding it", async () => {
    const jpeg = await swatch(400, 300).jpeg().toBuffer();
    expect(await codecError(codec.sanitize(jpeg.subarray(0, jpeg.length >> 1), "jpeg", maxPixels))).toBe("corrupt");
    const png = await swatch(400, 300).png().toBuffer();
    const flipped = Buffer.from(png);
    for (let i = 60; i < flipped.length - 20; i += 97) flipped[i] = (flipped[i] ?? 0) ^ 0xff;
    expect(await codecError(codec.sanitize(flipped, "png", maxPixels))).toBe("corrupt");
    expect(await codecError(codec.probe(Buffer.from("GIF89a not really"), maxPixels))).toMatch(/unsupported|corrupt/);
  });

  it("makes thumbnails and converts between formats, never scaling up", async () => {
    const image = await codec.sanitize(await swatch(1200, 800).png().toBuffer(), "png", maxPixels);
    const thumb = await codec.thumbnail(image.bytes, 512);
    expect(thumb).toMatchObject({ format: "webp", width: 512, height: 341 });
    const small = await codec.transcode(image.bytes, "jpeg", 300);
    expect(small).toMatchObject({ format: "jpeg", width: 300, height: 200 });
    expect((await sharp(small.bytes).metadata()).format).toBe("jpeg");
    expect(await codec.transcode(image.bytes, "webp", 4000)).toMatchObject({ format: "webp", width: 1200, height: 800 });
  });
});
