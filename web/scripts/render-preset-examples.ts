/**
 * Renders the small example pictures the studio's preset picker shows (web/public/presets/<preset>.webp) with the
 * local offline renderer — no external images, nothing real. Run once after a preset or the renderer changes:
 *   npx tsx web/scripts/render-preset-examples.ts
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import type { PresetId } from "@bez/contracts";
import { renderImage } from "../../local/src/replicate/renderer/render.ts";

const examples: Record<PresetId, string> = {
  "packshot-white": "18k yellow gold solitaire ring with a round diamond, packshot on pure white",
  "lifestyle-marble": "rose gold pendant with a pearl on polished Carrara marble",
  "velvet-display": "platinum tennis bracelet with sapphires on navy blue velvet",
  "on-model-hand": "white gold ring with an emerald worn on a hand",
  "on-model-neck": "yellow gold necklace with diamonds worn at the neckline",
  "macro-detail": "macro close-up of a platinum ring with a ruby",
  "flat-lay-campaign": "flat lay of gold earrings with pearls",
  "reference-background": "silver ring with a sapphire in the studio",
  "reference-variants": "rose gold earrings with rubies on marble",
};

const size = 320;
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "public", "presets");
await mkdir(out, { recursive: true });
for (const [id, prompt] of Object.entries(examples)) {
  const png = await renderImage({ prompt, width: size, height: size, seed: 7 });
  const webp = await sharp(png).webp({ quality: 72, effort: 6 }).toBuffer();
  await writeFile(join(out, `${id}.webp`), webp);
  process.stdout.write(`${id}.webp ${webp.length} bytes\n`);
}
