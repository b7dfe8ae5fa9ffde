/**
 * A hand, back up and fingers pointing up, softly out of focus so the piece stays the sharpest thing in the
 * picture. A ring sits on the ring finger, a bracelet across the wrist; other pieces rest over the hand.
 */
import type { Rng } from "../prng.ts";
import { attrs, blurFilter, num, stopsMarkup } from "../svg.ts";
import type { Defs, Point } from "../svg.ts";
import type { Piece } from "../prompt.ts";
import type { Backdrop } from "./backdrop.ts";
import { centred } from "./backdrop.ts";
import { SKIN_TONES } from "./skin.ts";

interface Finger {
  base: Point;
  tip: Point;
  width: number;
}

// In "hand units": a 1000 × 1000 square, the wrist leaving at the bottom.
const FINGERS: Finger[] = [
  { base: [402, 480], tip: [360, 150], width: 76 },
  { base: [480, 462], tip: [472, 90], width: 80 },
  { base: [556, 476], tip: [578, 126], width: 75 },
  { base: [626, 508], tip: [676, 246], width: 62 },
  { base: [388, 660], tip: [226, 440], width: 86 },
];
const RING_FINGER = FINGERS[2]!;
/** Where a ring sits: a quarter of the way up the ring finger. */
const RING_AT: Point = [RING_FINGER.base[0] + (RING_FINGER.tip[0] - RING_FINGER.base[0]) * 0.2, RING_FINGER.base[1] + (RING_FINGER.tip[1] - RING_FINGER.base[1]) * 0.2];
const WRIST_AT: Point = [512, 860];
const WRIST_WIDTH = 250;
const PALM = "M 360 470 C 420 440 600 450 668 500 C 700 560 690 700 650 800 L 652 1200 L 380 1200 L 382 800 C 350 760 330 700 340 600 C 345 540 350 500 360 470 Z";

function fingerAngle(f: Finger): number {
  return (Math.atan2(f.tip[0] - f.base[0], f.base[1] - f.tip[1]) * 180) / Math.PI;
}

function fingerMarkup(f: Finger, fill: string, nail: string, crease: string): string {
  const length = Math.hypot(f.tip[0] - f.base[0], f.tip[1] - f.base[1]);
  const w = f.width;
  return `<g transform="translate(${num(f.base[0])} ${num(f.base[1])}) rotate(${num(fingerAngle(f))})"><rect ${attrs({ x: -w / 2, y: -length, width: w, height: length + w, rx: w / 2, fill })}/><rect ${attrs({ x: -w * 0.3, y: -length + w * 0.1, width: w * 0.6, height: w * 0.72, rx: w * 0.28, fill: nail, opacity: 0.85 })}/><path d="M ${num(-w * 0.3)} ${num(-length * 0.52)} Q 0 ${num(-length * 0.5)} ${num(w * 0.3)} ${num(-length * 0.52)}" fill="none" stroke="${crease}" stroke-width="3" opacity="0.35"/></g>`;
}

export function handBackdrop(width: number, height: number, rng: Rng, defs: Defs, piece: Piece): Backdrop {
  const skin = rng.pick(SKIN_TONES);
  const cloth = rng.pick([["#efe7de", "#d6c9bb"], ["#e4e2df", "#bfbcb8"], ["#e9dcd6", "#c9b3a9"]] as const);
  const unit = Math.min(width, height);
  // Each piece is framed on its own place on the hand.
  const view = piece === "ring" ? { at: RING_AT, k: 2.1 } : piece === "bracelet" ? { at: WRIST_AT, k: 1.35 } : { at: [512, 560] as Point, k: 1.0 };
  const k = (view.k * unit) / 1000;
  const tx = width / 2 - view.at[0] * k;
  const ty = height * (piece === "bracelet" ? 0.55 : 0.5) - view.at[1] * k;
  const across = defs.add((id) => `<linearGradient id="${id}" x1="0" y1="0" x2="1" y2="0">${stopsMarkup([[0, skin.shade], [0.3, skin.base], [0.55, skin.light], [0.8, skin.base], [1, skin.shade]])}</linearGradient>`, "skin");
  const back = defs.add((id) => `<radialGradient id="${id}" cx="0.45" cy="0.3" r="0.8">${stopsMarkup([[0, skin.light], [0.6, skin.base], [1, skin.shade]])}</radialGradient>`, "skin");
  const ground = defs.add((id) => `<linearGradient id="${id}" x1="0" y1="0" x2="1" y2="1">${stopsMarkup([[0, cloth[0]], [1, cloth[1]]])}</linearGradient>`, "ground");
  const focus = defs.add((id) => blurFilter(id, 3.2), "blur");
  const shadowBlur = defs.add((id) => blurFilter(id, 22), "blur");
  const hand = [`<path d="${PALM}" fill="url(#${back})"/>`, ...FINGERS.map((f) => fingerMarkup(f, `url(#${across})`, skin.nail, skin.shade))].join("");
  const silhouette = [`<path d="${PALM}"/>`, ...FINGERS.map((f) => fingerMarkup(f, "#000000", "#000000", "#000000"))].join("");
  const under = `<rect ${attrs({ width, height, fill: `url(#${ground})` })}/><g transform="translate(${num(tx)} ${num(ty)}) scale(${num(k)})"><g transform="translate(26 34)" opacity="0.28" filter="url(#${shadowBlur})">${silhouette}</g><g filter="url(#${focus})">${hand}</g></g>`;
  const toFrame = ([x, y]: Point): Point => [tx + x * k, ty + y * k];
  return {
    under,
    over: "",
    shadow: { dx: 4, dy: 8, blur: 6, color: "#3b2418", opacity: 0.35 },
    worn: piece === "ring" || piece === "bracelet" ? "hand" : null,
    place: () => {
      if (piece === "ring") {
        const [x, y] = toFrame(RING_AT);
        return { kind: "anchor", anchor: [0, 0], x, y, scale: (RING_FINGER.width * 1.02 * k) / 200, rotate: fingerAngle(RING_FINGER) };
      }
      if (piece === "bracelet") {
        const [x, y] = toFrame(WRIST_AT);
        return { kind: "anchor", anchor: [0, 0], x, y, scale: (WRIST_WIDTH * k) / 200, rotate: 0 };
      }
      return centred(0.55, rng.range(-10, 10), 0.5, 0.55);
    },
  };
}
