/**
 * Bracelets in a three-quarter view, lying flat: a tennis line of set stones (or pearls) round an ellipse,
 * the far side smaller and darker, or a polished bangle with stones along its front. Worn, only the front arc
 * shows, across the wrist (200 units wide at (0, 0)).
 */
import { stone } from "../gems.ts";
import { metalFill } from "../metal.ts";
import { attrs, num } from "../svg.ts";
import type { PieceContext, PieceDrawing } from "./piece.ts";

function ellipsePath(rx: number, ry: number, cy = 0): string {
  return `M ${num(-rx)} ${num(cy)} a ${num(rx)} ${num(ry)} 0 1 0 ${num(2 * rx)} 0 a ${num(rx)} ${num(ry)} 0 1 0 ${num(-2 * rx)} 0 Z`;
}

export function drawBracelet(ctx: PieceContext): PieceDrawing {
  const { spec, metal, rng, defs } = ctx;
  const worn = ctx.worn === "hand";
  const rx = worn ? 118 : 400;
  const ry = worn ? 34 : 175;
  const bead = metalFill(defs, metal, "bead");
  const diagonal = metalFill(defs, metal, "diagonal");
  const shade = metalFill(defs, metal, "shade");
  const parts: string[] = [];

  if (spec.bangle) {
    const band = worn ? 16 : 44;
    if (!worn) parts.push(`<path d="${ellipsePath(rx, ry, -band * 0.5)}" fill="none" stroke="url(#${shade})" stroke-width="${num(band)}"/>`);
    parts.push(`<path d="M ${num(-rx)} 0 A ${num(rx)} ${num(ry)} 0 0 0 ${num(rx)} 0" fill="none" stroke="url(#${diagonal})" stroke-width="${num(band)}" stroke-linecap="round"/>`);
    parts.push(`<path d="M ${num(-rx * 0.8)} ${num(ry * 0.55)} A ${num(rx)} ${num(ry)} 0 0 0 ${num(rx * 0.2)} ${num(ry * 0.98)}" fill="none" stroke="${metal.highlight}" stroke-width="${num(band * 0.18)}" stroke-linecap="round" opacity="0.8"/>`);
    const stones = rng.fork("bangle");
    const count = worn ? 5 : 7;
    for (let i = 0; i < count; i++) {
      const a = Math.PI * (0.28 + (0.44 * i) / (count - 1));
      const x = rx * Math.cos(a);
      const y = ry * Math.sin(a);
      parts.push(stone(spec.gem, x, y, band * 0.36, stones, defs, { squash: 0.8 }));
    }
  } else {
    const count = worn ? 9 : 34;
    const size = worn ? 13 : 25;
    const settings = Array.from({ length: count }, (_, i) => {
      const a = worn ? Math.PI * (0.08 + (0.84 * i) / (count - 1)) : (i / count) * 2 * Math.PI;
      return { a, x: rx * Math.cos(a), y: ry * Math.sin(a), depth: Math.sin(a) };
    }).sort((p, q) => p.y - q.y);
    const stones = rng.fork("tennis");
    // The links between settings: a fine double rail round the whole line.
    const rail = worn ? `M ${num(-rx * 0.97)} ${num(ry * 0.25)} A ${num(rx)} ${num(ry)} 0 0 0 ${num(rx * 0.97)} ${num(ry * 0.25)}` : ellipsePath(rx, ry);
    parts.push(`<path d="${rail}" fill="none" stroke="${metal.deep}" stroke-width="${num(size * 0.9)}"/><path d="${rail}" fill="none" stroke="url(#${diagonal})" stroke-width="${num(size * 0.6)}"/>`);
    for (const s of settings) {
      const scale = 0.78 + (0.22 * (s.depth + 1)) / 2;
      const r = size * scale;
      parts.push(`<circle ${attrs({ cx: s.x, cy: s.y, r: r * 1.22, fill: `url(#${bead})`, stroke: metal.deep, "stroke-width": 1.5 })}/>`);
      for (let i = 0; i < 4; i++) {
        const a = (i / 4) * 2 * Math.PI + Math.PI / 4;
        parts.push(`<circle ${attrs({ cx: s.x + Math.cos(a) * r * 1.02, cy: s.y + Math.sin(a) * r * 1.02 * (0.72 + 0.2 * s.depth), r: r * 0.2, fill: `url(#${bead})` })}/>`);
      }
      parts.push(stone(spec.gem, s.x, s.y, r * 0.98, stones, defs, { squash: 0.72 + 0.2 * s.depth }));
      // The far side lies in the bracelet's own shade.
      if (s.depth < 0) parts.push(`<circle ${attrs({ cx: s.x, cy: s.y, r: r * 1.24, fill: "#000000", opacity: -s.depth * 0.28 })}/>`);
    }
    if (!worn) {
      // The box clasp, at the front.
      parts.push(`<rect ${attrs({ x: -size * 1.6, y: ry - size * 0.9, width: size * 3.2, height: size * 1.8, rx: 6, fill: `url(#${diagonal})`, stroke: metal.deep, "stroke-width": 2 })}/>`);
      parts.push(stone(spec.accent ?? spec.gem, 0, ry, size * 0.7, rng.fork("clasp"), defs, { squash: 0.9 }));
    }
  }
  const pad = worn ? 24 : 60;
  return {
    markup: `<g>${parts.join("")}</g>`,
    box: { x: -rx - pad, y: -ry - pad, width: 2 * (rx + pad), height: 2 * (ry + pad) },
    focus: [0, ry],
    upright: false,
  };
}
