/**
 * Necklaces and pendants. Alone, a necklace lies as a closed drop-shaped loop with its clasp at the top and the
 * centre stone at the point; worn, it hangs open between the neck's edges. A pendant is the same chain, finer,
 * with a larger stone on a bail; a pearl necklace is a graduated strand.
 */
import { sparkle, stone } from "../gems.ts";
import { polyline } from "../geometry.ts";
import type { Cubic } from "../geometry.ts";
import { metalFill } from "../metal.ts";
import { attrs } from "../svg.ts";
import type { Point } from "../svg.ts";
import { cableChain, pearlStrand } from "./chain.ts";
import type { PieceContext, PieceDrawing } from "./piece.ts";

/** The loop's bottom point, where the centre stone hangs. */
const BOTTOM: Point = [0, 420];

function loopPath(worn: boolean, narrow: boolean): Point[] {
  const w = narrow ? 300 : 360;
  if (worn) {
    // From the left edge of the neck (±170 at y -380), down to the bottom and up to the right edge.
    const left: Cubic = [[-170, -380], [-220, -60], [-140, 330], BOTTOM];
    const right: Cubic = [BOTTOM, [140, 330], [220, -60], [170, -380]];
    return polyline([left, right]);
  }
  const left: Cubic = [[0, -420], [-w * 1.05, -420], [-w, 80], BOTTOM];
  const right: Cubic = [BOTTOM, [w, 80], [w * 1.05, -420], [0, -420]];
  return polyline([left, right]);
}

/** The setting that hangs at the bottom: a bail, prongs or a bezel, and the stone. */
function centrepiece(ctx: PieceContext, size: number, pendant: boolean): { markup: string; focus: Point; bottom: number } {
  const { spec, metal, rng, defs } = ctx;
  const diagonal = metalFill(defs, metal, "diagonal");
  const bead = metalFill(defs, metal, "bead");
  const bailTop = BOTTOM[1] - size * 0.05;
  const parts: string[] = [];
  parts.push(`<rect ${attrs({ x: -size * 0.11, y: bailTop, width: size * 0.22, height: size * 0.42, rx: size * 0.1, fill: `url(#${diagonal})`, stroke: metal.deep, "stroke-width": 2 })}/>`);
  const cy = bailTop + size * 0.42 + size * (spec.gem === "pearl" ? 0.9 : 1.02);
  if (spec.gem === "pearl") {
    parts.push(`<ellipse ${attrs({ cx: 0, cy: cy - size * 0.88, rx: size * 0.26, ry: size * 0.12, fill: `url(#${bead})` })}/>`);
    parts.push(stone("pearl", 0, cy, size * 0.9, rng, defs));
    return { markup: parts.join(""), focus: [0, cy], bottom: cy + size * 0.95 };
  }
  const outline = spec.gem === "emerald" ? "round" : rng.pick(["pear", "oval", "round"] as const);
  const halo = pendant && (spec.accent !== null || rng.chance(0.5));
  if (halo) {
    const accent = spec.accent ?? "diamond";
    const stones = rng.fork("halo");
    const count = 16;
    for (let i = 0; i < count; i++) {
      const a = (i / count) * 2 * Math.PI;
      const [ox, oy] = outline === "pear" ? [0.78 * Math.cos(a) * (0.12 + 0.88 * Math.sqrt((1 + Math.sin(a)) / 2)), Math.sin(a)] : outline === "oval" ? [0.76 * Math.cos(a), Math.sin(a)] : [Math.cos(a), Math.sin(a)];
      const x = ox * size * 1.22;
      const y = cy + oy * size * 1.22;
      parts.push(`<circle ${attrs({ cx: x, cy: y, r: size * 0.17, fill: `url(#${bead})` })}/>`);
      parts.push(stone(accent, x, y, size * 0.13, stones, defs));
    }
  } else {
    // Six claws around the girdle.
    for (let i = 0; i < 6; i++) {
      const a = (i / 6) * 2 * Math.PI + Math.PI / 6;
      const [ox, oy] = outline === "oval" ? [0.76 * Math.cos(a), Math.sin(a)] : [Math.cos(a), Math.sin(a)];
      parts.push(`<circle ${attrs({ cx: ox * size * 0.98, cy: cy + oy * size * 0.98, r: size * 0.1, fill: `url(#${bead})` })}/>`);
    }
  }
  parts.push(stone(spec.gem, 0, cy, size, rng.fork("centre"), defs, { outline }));
  const glints = rng.fork("glints");
  for (let i = 0; i < 2; i++) parts.push(sparkle(glints.range(-size * 0.5, size * 0.5), cy + glints.range(-size * 0.6, size * 0.3), size * glints.range(0.3, 0.5), defs));
  return { markup: parts.join(""), focus: [0, cy], bottom: cy + size * (halo ? 1.4 : 1.1) };
}

export function drawNecklace(ctx: PieceContext, pendant: boolean): PieceDrawing {
  const { spec, metal, rng, defs } = ctx;
  const worn = ctx.worn === "neck";
  const line = loopPath(worn, pendant);
  const parts: string[] = [];
  const strand = spec.gem === "pearl" && !pendant;
  if (strand) parts.push(pearlStrand(line, 21, true, defs));
  else parts.push(cableChain(line, pendant ? 15 : 19, metal, defs));
  if (!worn && !strand) {
    // The clasp: a spring ring at the top of the loop.
    const bead = metalFill(defs, metal, "bead");
    parts.push(`<ellipse ${attrs({ cx: 0, cy: -420, rx: 17, ry: 14, fill: "none", stroke: `url(#${bead})`, "stroke-width": 7 })}/>`);
  }
  // Stations: small bezel-set stones along the chain of a necklace.
  if (!pendant && !strand && (spec.accent !== null || rng.chance(0.5))) {
    const stations = rng.fork("stations");
    const gemStations = spec.accent ?? spec.gem;
    const bead = metalFill(defs, metal, "bead");
    for (const t of [0.3, 0.38, 0.62, 0.7]) {
      const p = line[Math.round(t * (line.length - 1))]!;
      parts.push(`<circle ${attrs({ cx: p[0], cy: p[1], r: 19, fill: `url(#${bead})` })}/>`);
      parts.push(stone(gemStations, p[0], p[1], 14.5, stations, defs));
    }
  }
  const piece = strand
    ? { markup: "", focus: BOTTOM, bottom: BOTTOM[1] + 30 }
    : centrepiece(ctx, pendant ? 92 : 62, pendant);
  parts.push(piece.markup);
  // Tight to what is drawn (the chain's or strand's reach), so a packshot's piece fills the frame.
  const reach = strand ? 27 : 20;
  const xs = line.map(([x]) => x);
  const half = Math.max(...xs.map(Math.abs)) + reach;
  const top = Math.min(...line.map(([, y]) => y)) - reach;
  return {
    markup: `<g>${parts.join("")}</g>`,
    box: { x: -half, y: top, width: 2 * half, height: Math.max(piece.bottom, Math.max(...line.map(([, y]) => y)) + reach) + 6 - top },
    focus: piece.focus,
    upright: false,
  };
}

