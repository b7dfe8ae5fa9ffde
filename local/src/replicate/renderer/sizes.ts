/** Output sizes per aspect ratio: about one megapixel like FLUX, exact ratios, the longest side ≥ 1000 px (Amazon). */

export const AspectRatios = ["1:1", "16:9", "21:9", "3:2", "2:3", "4:5", "5:4", "3:4", "4:3", "9:16", "9:21", "2:1", "1:2"] as const;
export type AspectRatio = (typeof AspectRatios)[number];

const SIZES: Record<AspectRatio, [number, number]> = {
  "1:1": [1024, 1024],
  "16:9": [1344, 756],
  "9:16": [756, 1344],
  "21:9": [1568, 672],
  "9:21": [672, 1568],
  "3:2": [1248, 832],
  "2:3": [832, 1248],
  "4:5": [896, 1120],
  "5:4": [1120, 896],
  "3:4": [864, 1152],
  "4:3": [1152, 864],
  "2:1": [1440, 720],
  "1:2": [720, 1440],
};

export interface Size {
  width: number;
  height: number;
}

/** `megapixels` 0.25 halves both sides, as FLUX's option does. */
export function sizeFor(aspectRatio: AspectRatio, megapixels: 1 | 0.25 = 1): Size {
  const [width, height] = SIZES[aspectRatio];
  const factor = megapixels === 1 ? 1 : 0.5;
  return { width: Math.round(width * factor), height: Math.round(height * factor) };
}

/** About one megapixel at the input's own proportions (editing models' "match_input_image"); a ~1 MP input keeps its size. */
export function sizeMatching(width: number, height: number): Size {
  const scale = Math.sqrt((1024 * 1024) / (width * height));
  if (Math.abs(scale - 1) < 0.05) return { width, height };
  return { width: Math.max(64, Math.round((width * scale) / 8) * 8), height: Math.max(64, Math.round((height * scale) / 8) * 8) };
}
