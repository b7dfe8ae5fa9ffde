/** The packshot (exactly white, the piece filling 92% of the frame) and the soft studio sweep. */
import type { Rng } from "../prng.ts";
import { attrs, stopsMarkup } from "../svg.ts";
import type { Defs } from "../svg.ts";
import { centred } from "./backdrop.ts";
import type { Backdrop } from "./backdrop.ts";

export function whiteBackdrop(width: number, height: number): Backdrop {
  return {
    under: `<rect ${attrs({ width, height, fill: "#ffffff" })}/>`,
    over: "",
    // No drop shadow: Amazon measures the product's fill of the frame, and a shadow wide enough to read costs
    // a tenth of it on every side; marketplaces accept (and often prefer) a clean cut-out.
    shadow: null,
    worn: null,
    place: () => centred(0.94),
  };
}

export function studioBackdrop(width: number, height: number, rng: Rng, defs: Defs): Backdrop {
  const tone = rng.pick([
    ["#f7f4ef", "#e6dfd5", "#d8cfc3"],
    ["#f2f2f1", "#e1e1df", "#cfcfcc"],
    ["#f6efea", "#e8d9d0", "#d6c4b8"],
  ] as const);
  const sweep = defs.add((id) => `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1">${stopsMarkup([[0, tone[1]], [0.55, tone[0]], [1, tone[2]]])}</linearGradient>`, "sweep");
  const light = defs.add((id) => `<radialGradient id="${id}" cx="0.5" cy="0.45" r="0.6">${stopsMarkup([[0, "#ffffff"], [1, "#ffffff"]], (o) => (o === 0 ? 0.7 : 0))}</radialGradient>`, "light");
  const vignette = defs.add((id) => `<radialGradient id="${id}" cx="0.5" cy="0.5" r="0.75">${stopsMarkup([[0, "#000000"], [0.7, "#000000"], [1, "#000000"]], (o) => (o < 0.7 ? 0 : o < 1 ? 0 : 0.12))}</radialGradient>`, "vignette");
  return {
    under: `<rect ${attrs({ width, height, fill: `url(#${sweep})` })}/><rect ${attrs({ width, height, fill: `url(#${light})` })}/>`,
    over: `<rect ${attrs({ width, height, fill: `url(#${vignette})` })}/>`,
    shadow: { dx: 0, dy: 16, blur: 14, color: "#3a3128", opacity: 0.24 },
    worn: null,
    place: () => centred(0.74, 0, 0.5, 0.52),
  };
}
