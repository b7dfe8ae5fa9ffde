/**
 * Writes a gallery to test-results/renderer/ — every piece on every scene, metals and stones varied — for a
 * person to look at, and checks each is a valid image of the requested size.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { Backdrops, Gems, Metals, Pieces } from "../../local/src/replicate/renderer/prompt.ts";
import { renderImage } from "../../local/src/replicate/renderer/render.ts";

const OUT = resolve(import.meta.dirname, "../../test-results/renderer");
const SCENE_WORDS: Record<(typeof Backdrops)[number], string> = {
  white: "white background packshot",
  marble: "on white marble",
  velvet: "on velvet",
  hand: "worn on a hand",
  neck: "worn by a model",
  macro: "macro close-up",
  "flat-lay": "flat lay on linen",
  studio: "studio shot",
};

describe("renderer gallery", () => {
  it("renders every piece on every scene", { timeout: 180_000 }, async () => {
    await mkdir(OUT, { recursive: true });
    const jobs = Pieces.flatMap((piece, i) =>
      Backdrops.map((backdrop, j) => {
        const metal = Metals[(i + j) % Metals.length]!.replace("-", " ");
        const gem = Gems[(i * 3 + j) % Gems.length]!;
        return { name: `${piece}-${backdrop}-${metal.replace(" ", "")}-${gem}`, prompt: `${metal} ${gem} ${piece} ${SCENE_WORDS[backdrop]}` };
      }),
    );
    for (let i = 0; i < jobs.length; i += 4) {
      await Promise.all(
        jobs.slice(i, i + 4).map(async ({ name, prompt }, k) => {
          const png = await renderImage({ prompt, width: 1024, height: 1024, seed: i + k });
          expect(await sharp(png).metadata()).toMatchObject({ width: 1024, height: 1024 });
          await writeFile(join(OUT, `${name}.png`), png);
        }),
      );
    }
  });
});
