/** A pair of drop earrings: a set stud, a short link and a drop (a pear, an oval or a pearl), mirrored. */
import { sparkle, stone } from "../gems.ts";
import { metalFill } from "../metal.ts";
import { attrs } from "../svg.ts";
import type { Point } from "../svg.ts";
import type { PieceContext, PieceDrawing } from "./piece.ts";

/** Half the distance between the two earrings' centres. */
export const EARRING_SPREAD = 170;

function earring(ctx: PieceContext, x: number, y: number, outline: "pear" | "oval" | "round", label: string): string {
  const { spec, metal, rng, defs } = ctx;
  const bead = metalFill(defs, metal, "bead");
  const diagonal = metalFill(defs, metal, "diagonal");
  const stones = rng.fork(label);
  const studGem = spec.accent ?? (spec.gem === "pearl" ? "diamond" : spec.gem);
  const parts: string[] = [];
  // Stud: a four-claw setting.
  parts.push(`<circle ${attrs({ cx: x, cy: y, r: 40, fill: `url(#${bead})` })}/>`);
  for (let i = 0; i < 4; i++) {
    const a = (i / 4) * 2 * Math.PI + Math.PI / 4;
    parts.push(`<circle ${attrs({ cx: x + Math.cos(a) * 36, cy: y + Math.sin(a) * 36, r: 7.5, fill: `url(#${bead})` })}/>`);
  }
  parts.push(stone(studGem, x, y, 32, stones, defs));
  // Link: two small jump rings.
  for (const dy of [56, 86]) {
    parts.push(`<ellipse ${attrs({ cx: x, cy: y + dy, rx: 9, ry: 14, fill: "none", stroke: `url(#${diagonal})`, "stroke-width": 6 })}/>`);
  }
  const dropY = y + 100;
  if (spec.gem === "pearl") {
    parts.push(`<ellipse ${attrs({ cx: x, cy: dropY + 8, rx: 26, ry: 12, fill: `url(#${bead})` })}/>`);
    parts.push(stone("pearl", x, dropY + 96, 84, stones, defs));
    return parts.join("");
  }
  const r = spec.gem === "emerald" ? 80 : 94;
  const cy = dropY + r * 1.05;
  parts.push(`<ellipse ${attrs({ cx: x, cy: dropY + 6, rx: 20, ry: 10, fill: `url(#${bead})` })}/>`);
  // Claws: at the corners of a step cut, spread round the girdle of a brilliant.
  const claws: [number, number][] =
    spec.gem === "emerald"
      ? [[-0.62, -0.9], [0.62, -0.9], [0.62, 0.9], [-0.62, 0.9]]
      : Array.from({ length: 6 }, (_, i) => {
          const a = (i / 6) * 2 * Math.PI + Math.PI / 6;
          return outline === "round" ? [Math.cos(a) * 0.97, Math.sin(a) * 0.97] : [0.74 * Math.cos(a), Math.sin(a) * 0.97];
        });
  for (const [ox, oy] of claws) parts.push(`<circle ${attrs({ cx: x + ox * r, cy: cy + oy * r, r: 9.5, fill: `url(#${bead})` })}/>`);
  parts.push(stone(spec.gem, x, cy, r, stones.fork("drop"), defs, { outline }));
  parts.push(sparkle(x - r * 0.25, cy - r * 0.35, r * 0.26, defs, 0.9));
  return parts.join("");
}

export function drawEarrings(ctx: PieceContext): PieceDrawing {
  const outline = ctx.spec.gem === "emerald" ? "round" : ctx.rng.pick(["pear", "oval", "pear"] as const);
  const left = earring(ctx, -EARRING_SPREAD, -190, outline, "left");
  // The right one hangs a touch lower, as a real pair rarely lines up.
  const right = earring(ctx, EARRING_SPREAD, -172, outline, "right");
  const focus: Point = [-EARRING_SPREAD, -190 + 100 + 103];
  // Tight to what is drawn, so a packshot's pair fills the frame.
  const r = ctx.spec.gem === "emerald" ? 80 : 94;
  const dropHalf = ctx.spec.gem === "pearl" ? 86 : ctx.spec.gem === "emerald" ? r * 0.72 + 14 : (outline === "round" ? r : r * 0.78) + 10;
  const half = EARRING_SPREAD + Math.max(50, dropHalf);
  const bottom = -172 + 100 + (ctx.spec.gem === "pearl" ? 184 : r * 2.05 + 12);
  return {
    markup: `<g>${left}${right}</g>`,
    box: { x: -half, y: -236, width: 2 * half, height: bottom + 236 },
    focus,
    upright: false,
  };
}
