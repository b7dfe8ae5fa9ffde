/**
 * On a model: neck, shoulders and collarbones, softly out of focus, a garment's neckline below. A necklace
 * hangs from the neck's edges; earrings hang at either side of the neck.
 */
import type { Piece } from "../prompt.ts";
import type { Rng } from "../prng.ts";
import { attrs, blurFilter, num, stopsMarkup } from "../svg.ts";
import type { Defs } from "../svg.ts";
import type { Backdrop } from "./backdrop.ts";
import { centred } from "./backdrop.ts";
import { SKIN_TONES } from "./skin.ts";

// In "model units": 1000 wide, the chin at the top edge.
const BODY = "M 408 -20 L 592 -20 C 596 140 598 240 616 310 C 640 380 760 400 900 440 C 960 458 1000 490 1030 540 L 1030 1100 L -30 1100 L -30 540 C 0 490 40 458 100 440 C 240 400 360 380 384 310 C 402 240 404 140 408 -20 Z";
const NECK_EDGE_Y = 300;
const NECK_HALF = 104;

export function neckBackdrop(width: number, height: number, rng: Rng, defs: Defs, piece: Piece): Backdrop {
  const skin = rng.pick(SKIN_TONES);
  const wall = rng.pick([["#d9cfc6", "#a99b8f"], ["#cfd3d6", "#8f979e"], ["#dcc8c2", "#a88a82"]] as const);
  const garment = rng.pick(["#1c1c20", "#ece4d8", "#1e2a44"] as const);
  const k = Math.max(width, height) / 1000;
  const focusY = piece === "earrings" ? 200 : 520;
  const tx = width / 2 - 500 * k;
  const ty = Math.min(0, height / 2 - focusY * k);
  const ground = defs.add((id) => `<radialGradient id="${id}" cx="0.5" cy="0.3" r="0.9">${stopsMarkup([[0, wall[0]], [1, wall[1]]])}</radialGradient>`, "ground");
  const body = defs.add((id) => `<linearGradient id="${id}" x1="0" y1="0" x2="1" y2="0">${stopsMarkup([[0, skin.shade], [0.3, skin.base], [0.45, skin.light], [0.55, skin.light], [0.7, skin.base], [1, skin.shade]])}</linearGradient>`, "skin");
  const focus = defs.add((id) => blurFilter(id, 7), "blur");
  const shading = defs.add((id) => blurFilter(id, 14), "blur");
  const model = [
    `<path d="${BODY}" fill="url(#${body})"/>`,
    `<g filter="url(#${shading})"><ellipse cx="500" cy="-10" rx="130" ry="60" fill="${skin.shade}" opacity="0.8"/><path d="M 440 452 Q 330 448 210 488" fill="none" stroke="${skin.shade}" stroke-width="14" opacity="0.55"/><path d="M 560 452 Q 670 448 790 488" fill="none" stroke="${skin.shade}" stroke-width="14" opacity="0.55"/><path d="M 440 436 Q 330 432 210 472" fill="none" stroke="${skin.light}" stroke-width="10" opacity="0.5"/><path d="M 560 436 Q 670 432 790 472" fill="none" stroke="${skin.light}" stroke-width="10" opacity="0.5"/><ellipse cx="500" cy="452" rx="34" ry="18" fill="${skin.shade}" opacity="0.6"/></g>`,
    `<path d="M -30 760 L 290 800 Q 500 1060 710 800 L 1030 760 L 1030 1100 L -30 1100 Z" fill="${garment}"/>`,
  ].join("");
  const under = `<rect ${attrs({ width, height, fill: `url(#${ground})` })}/><g transform="translate(${num(tx)} ${num(ty)}) scale(${num(k)})"><g filter="url(#${focus})">${model}</g></g>`;
  return {
    under,
    over: "",
    shadow: { dx: 4, dy: 10, blur: 7, color: "#2b1a12", opacity: 0.35 },
    worn: piece === "necklace" || piece === "pendant" ? "neck" : null,
    place: () => {
      if (piece === "necklace" || piece === "pendant") {
        // necklace.ts hangs from (±170, -380): those ends meet the neck's edges.
        return { kind: "anchor", anchor: [0, -380], x: tx + 500 * k, y: ty + NECK_EDGE_Y * k, scale: (NECK_HALF * k) / 170, rotate: 0 };
      }
      if (piece === "earrings") {
        // earrings.ts spreads its studs ±170 apart at y -190: they hang beside the neck, just below the jaw.
        return { kind: "anchor", anchor: [0, -190], x: tx + 500 * k, y: ty + 40 * k, scale: (170 * k) / 170, rotate: 0 };
      }
      return centred(0.4, 0, 0.5, 0.72);
    },
  };
}
