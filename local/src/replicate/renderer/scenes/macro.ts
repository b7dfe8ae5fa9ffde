/** A macro shot: the main stone large and sharp against a dark, softly lit ground with bokeh. */
import type { Rng } from "../prng.ts";
import { attrs, blurFilter, stopsMarkup } from "../svg.ts";
import type { Defs } from "../svg.ts";
import type { Backdrop } from "./backdrop.ts";

export function macroBackdrop(width: number, height: number, rng: Rng, defs: Defs): Backdrop {
  const unit = Math.min(width, height);
  const ground = defs.add((id) => `<radialGradient id="${id}" cx="0.5" cy="0.55" r="0.8">${stopsMarkup([[0, "#4a443d"], [0.5, "#221f1c"], [1, "#0b0a09"]])}</radialGradient>`, "ground");
  const bokehBlur = defs.add((id) => blurFilter(id, unit * 0.012), "blur");
  const circles: string[] = [];
  for (let i = 0; i < 16; i++) {
    const colour = rng.pick(["#fff3da", "#ffe2b0", "#dfeaff", "#ffffff"] as const);
    circles.push(`<circle ${attrs({ cx: rng.next() * width, cy: rng.next() * height, r: unit * rng.range(0.02, 0.08), fill: colour, opacity: rng.range(0.06, 0.22) })}/>`);
  }
  return {
    under: `<rect ${attrs({ width, height, fill: `url(#${ground})` })}/><g filter="url(#${bokehBlur})">${circles.join("")}</g>`,
    over: "",
    shadow: { dx: 6, dy: 12, blur: 12, color: "#000000", opacity: 0.5 },
    worn: null,
    place: (piece) => {
      const scale = (1.6 * unit) / Math.max(piece.box.width, piece.box.height) * (piece.upright ? 1.3 : 1);
      return { kind: "anchor", anchor: piece.focus, x: width * 0.5, y: height * 0.5, scale, rotate: piece.upright ? 0 : rng.range(-15, 15) };
    },
  };
}
