/** Test images: real ones made with sharp, and hand-crafted hostile ones (metadata-laden, bombs, corrupt). */
import { crc32, deflateSync } from "node:zlib";
import sharp, { type Sharp } from "sharp";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid, tiny PNG whose header declares width × height RGB pixels: a decompression bomb (30000 × 30000 is
 * 900 megapixels, 2.7 GB decoded) in under a kilobyte. Only the first rows' worth of zeros is actually present.
 */
export function pngBomb(width = 30000, height = 30000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = deflateSync(Buffer.alloc((1 + width * 3) * 4));
  return Buffer.concat([PNG_SIGNATURE, pngChunk("IHDR", ihdr), pngChunk("IDAT", rows), pngChunk("IEND", Buffer.alloc(0))]);
}

/** A gold-ish gradient, so encoders have something real to compress. */
export function swatch(width: number, height: number): Sharp {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = 180 + ((x * 75) / width) | 0;
      pixels[at + 1] = 120 + ((y * 90) / height) | 0;
      pixels[at + 2] = 40 + (((x + y) * 60) / (width + height)) | 0;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

export const GPS_DATUM = "WGS-84-BEZ-TEST";

/** A JPEG carrying camera EXIF with GPS, an ICC profile and an EXIF orientation (rotate 90° to display). */
export function jpegWithGps(width = 320, height = 200): Promise<Buffer> {
  return swatch(width, height)
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "Bez Test Camera", Model: "Loupe 1" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 2400/100", GPSLongitudeRef: "E", GPSLongitude: "2/1 21/1 300/100", GPSMapDatum: GPS_DATUM },
    })
    .withIccProfile("p3")
    .toBuffer();
}

/** A PNG with a tEXt comment chunk (the kind of place a workshop name or client note hides). */
export async function pngWithComment(comment: string, width = 64, height = 48): Promise<Buffer> {
  const png = await swatch(width, height).png().toBuffer();
  // Right after IHDR (8-byte signature + 25-byte chunk), where decoders read it before the pixels.
  const afterHeader = 33;
  const text = pngChunk("tEXt", Buffer.concat([Buffer.from("Comment\0", "latin1"), Buffer.from(comment, "latin1")]));
  return Buffer.concat([png.subarray(0, afterHeader), text, png.subarray(afterHeader)]);
}
