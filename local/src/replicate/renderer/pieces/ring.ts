/**
 * A ring standing upright, seen from the front and a little above: a tapered shank whose inner wall shows at
 * the bottom, cathedral shoulders, a four-claw head holding the stone in three-quarter view; a halo or pavé
 * when the prompt names a second stone (or, for a diamond ring, by the seed).
 */
import { sparkle, stone } from "../gems.ts";
import { metalFill } from "../metal.ts";
import { ramp } from "../color.ts";
import { attrs, blurFilter, num } from "../svg.ts";
import type { PieceContext, PieceDrawing } from "./piece.ts";

const R = 300;
const INNER = 260;
const DROP = 12;
const DEPTH = 30;
const SQUASH = 0.42;

function ellipse(cx: number, cy: number, rx: number, ry: number): string {
  return `M ${num(cx - rx)} ${num(cy)} a ${num(rx)} ${num(ry)} 0 1 0 ${num(2 * rx)} 0 a ${num(rx)} ${num(ry)} 0 1 0 ${num(-2 * rx)} 0 Z`;
}

function arc(radius: number, from: number, to: number, cy = 0): string {
  const a = (from * Math.PI) / 180;
  const b = (to * Math.PI) / 180;
  const large = Math.abs(to - from) > 180 ? 1 : 0;
  return `M ${num(radius * Math.cos(a))} ${num(cy + radius * Math.sin(a))} A ${num(radius)} ${num(radius)} 0 ${large} 1 ${num(radius * Math.cos(b))} ${num(cy + radius * Math.sin(b))}`;
}

export function drawRing(ctx: PieceContext): PieceDrawing {
  const { spec, metal, rng, defs } = ctx;
  const gem = spec.gem;
  const g = gem === "pearl" ? 100 : gem === "diamond" ? 122 : 115;
  const cy = gem === "pearl" ? -R - g * 0.82 : -R + 6 - g * 0.91;
  const style = spec.accent ? rng.pick(["halo", "pave"] as const) : gem === "diamond" ? rng.pick(["solitaire", "pave", "solitaire"] as const) : rng.pick(["solitaire", "halo"] as const);
  const accent = spec.accent ?? "diamond";
  const diagonal = metalFill(defs, metal, "diagonal");
  const shade = metalFill(defs, metal, "shade");
  const bead = metalFill(defs, metal, "bead");
  const soft = defs.once("ring-soft", (id) => blurFilter(id, 4));
  const shadowBlur = defs.once("ring-shadow", (id) => blurFilter(id, 12));
  const wallClip = defs.add((id) => `<clipPath id="${id}"><path d="${ellipse(0, -DROP, INNER, INNER)}"/></clipPath>`, "clip");
  const parts: string[] = [];

  parts.push(`<ellipse ${attrs({ cx: 0, cy: R - 4, rx: R * 0.72, ry: 16, fill: "#000000", opacity: 0.32, filter: `url(#${shadowBlur})` })}/>`);
  // The back of the shank, then its inner wall seen through the opening, then the polished front.
  parts.push(`<path d="${ellipse(0, -DEPTH, R * 0.97, R)} ${ellipse(0, -DROP - DEPTH, INNER * 0.97, INNER)}" fill="url(#${shade})" fill-rule="evenodd"/>`);
  parts.push(`<path d="M -400 -700 H 400 V 400 H -400 Z ${ellipse(0, -DROP - DEPTH, INNER * 0.97, INNER)}" fill="url(#${shade})" fill-rule="evenodd" clip-path="url(#${wallClip})"/>`);
  // The polished front: concentric strokes shade the shank's rounded (comfort-fit) profile all the way round,
  // then a diagonal sheen adds the studio's reflections.
  const profile = [metal.deep, metal.mid, metal.light, metal.highlight, metal.light, metal.mid, metal.mid, metal.deep];
  const steps = 16;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    parts.push(`<path d="${ellipse(0, -DROP * t, R - (R - INNER) * t, R - (R - INNER) * t)}" ${attrs({ fill: "none", stroke: ramp(profile, t), "stroke-width": ((R - INNER + DROP) / steps) * 1.6 })}/>`);
  }
  parts.push(`<path d="${ellipse(0, 0, R, R)} ${ellipse(0, -DROP, INNER, INNER)}" fill="url(#${diagonal})" fill-rule="evenodd" opacity="0.4"/>`);
  parts.push(`<path d="${ellipse(0, -DROP, INNER, INNER)}" ${attrs({ fill: "none", stroke: metal.deep, "stroke-width": 2, opacity: 0.6 })}/>`);
  const mid = (R + INNER) / 2;
  parts.push(`<path d="${arc(mid, 150, 215)}" ${attrs({ fill: "none", stroke: metal.highlight, "stroke-width": 9, "stroke-linecap": "round", opacity: 0.85, filter: `url(#${soft})` })}/>`);
  parts.push(`<path d="${arc(mid - 4, 20, 62)}" ${attrs({ fill: "none", stroke: metal.highlight, "stroke-width": 6, "stroke-linecap": "round", opacity: 0.6, filter: `url(#${soft})` })}/>`);
  parts.push(`<path d="${ellipse(0, 0, R, R)}" ${attrs({ fill: "none", stroke: metal.deep, "stroke-width": 2, opacity: 0.5 })}/>`);

  if (style === "pave") {
    const stones = rng.fork("pave");
    for (const side of [-1, 1]) {
      for (let i = 0; i < 6; i++) {
        const angle = ((side < 0 ? 208 + i * 10 : 332 - i * 10) * Math.PI) / 180;
        const radius = mid - DROP * Math.sin(angle) * 0.5;
        parts.push(`<circle ${attrs({ cx: radius * Math.cos(angle), cy: radius * Math.sin(angle) - 2, r: 12.5, fill: `url(#${bead})` })}/>`);
        parts.push(stone(accent, radius * Math.cos(angle), radius * Math.sin(angle) - 2, 10, stones, defs, { squash: 0.9 }));
      }
    }
  }

  // Cathedral shoulders rising from the shank to the head.
  const headY = cy + g * 0.55;
  for (const side of [-1, 1]) {
    parts.push(`<path d="M ${num(side * 232)} ${num(-190)} C ${num(side * 170)} ${num(-290)} ${num(side * g * 0.7)} ${num(headY - 10)} ${num(side * g * 0.42)} ${num(headY - 4)} L ${num(side * g * 0.22)} ${num(headY + 14)} C ${num(side * g * 0.5)} ${num(headY + 10)} ${num(side * 120)} ${num(-286)} ${num(side * 168)} ${num(-248)} Z" fill="url(#${diagonal})" stroke="${metal.deep}" stroke-width="1.5" stroke-opacity="0.5"/>`);
  }
  if (gem === "pearl") {
    parts.push(`<ellipse ${attrs({ cx: 0, cy: -R + 2, rx: g * 0.42, ry: g * 0.16, fill: `url(#${bead})` })}/>`);
    parts.push(stone("pearl", 0, cy, g, rng, defs));
  } else {
    const prongAngles = [-125, -55, 55, 125];
    const prong = (deg: number) => {
      const a = (deg * Math.PI) / 180;
      const tipX = Math.cos(a) * g * (gem === "emerald" ? 0.72 : 0.92);
      const tipY = cy + Math.sin(a) * g * SQUASH - g * 0.08;
      const baseX = Math.cos(a) * g * 0.3;
      const w = g * 0.07;
      return `<path d="M ${num(baseX - w)} ${num(-R + 8)} L ${num(tipX - w * 0.7)} ${num(tipY)} L ${num(tipX + w * 0.7)} ${num(tipY)} L ${num(baseX + w)} ${num(-R + 8)} Z" fill="url(#${diagonal})"/><circle ${attrs({ cx: tipX, cy: tipY, r: w * 1.05, fill: `url(#${bead})` })}/>`;
    };
    const halo = (front: boolean) => {
      const stones = rng.fork(front ? "halo-front" : "halo-back");
      const out: string[] = [];
      for (let i = 0; i < 18; i++) {
        const a = (i / 18) * 2 * Math.PI + Math.PI / 18;
        if (Math.sin(a) > 0 !== front) continue;
        const x = Math.cos(a) * g * 1.2;
        const y = cy + Math.sin(a) * g * 1.2 * SQUASH;
        out.push(`<circle ${attrs({ cx: x, cy: y, r: g * 0.17, fill: `url(#${bead})` })}/>`);
        out.push(stone(accent, x, y, g * 0.13, stones, defs, { squash: 0.75 }));
      }
      return out.join("");
    };
    parts.push(prongAngles.filter((d) => d < 0).map(prong).join(""));
    if (style === "halo") {
      parts.push(`<ellipse ${attrs({ cx: 0, cy: cy + g * 0.1, rx: g * 1.36, ry: g * 1.36 * SQUASH + g * 0.12, fill: `url(#${diagonal})` })}/>`);
      parts.push(halo(false));
    }
    parts.push(stone(gem, 0, cy, g, rng.fork("centre"), defs, { squash: SQUASH }));
    if (style === "halo") parts.push(halo(true));
    parts.push(prongAngles.filter((d) => d > 0).map(prong).join(""));
  }
  const glints = rng.fork("glints");
  const glintCount = gem === "diamond" ? 3 : 2;
  for (let i = 0; i < glintCount; i++) {
    parts.push(sparkle(glints.range(-g * 0.6, g * 0.6), cy + glints.range(-g * 0.3, g * 0.15), glints.range(g * 0.22, g * 0.4), defs, glints.range(0.7, 1)));
  }

  const top = cy - g * (style === "halo" ? 0.95 : 0.75);
  return {
    markup: `<g>${parts.join("")}</g>`,
    box: { x: -R - 4, y: top, width: 2 * R + 8, height: R + 50 - top },
    focus: [0, cy],
    upright: true,
  };
}

/** The ring on a finger seen from above: the shank wraps across the finger (200 units wide at (0, 0)), the stone on top. */
export function drawWornRing(ctx: PieceContext): PieceDrawing {
  const { spec, metal, rng, defs } = ctx;
  const diagonal = metalFill(defs, metal, "diagonal");
  const bead = metalFill(defs, metal, "bead");
  const gem = spec.gem;
  const g = 58;
  const cy = -10;
  const parts: string[] = [];
  parts.push(`<path d="M -106 -24 Q 0 2 106 -24 L 106 22 Q 0 50 -106 22 Z" fill="url(#${diagonal})" stroke="${metal.deep}" stroke-width="2"/>`);
  parts.push(`<path d="M -96 -12 Q 0 14 96 -12" fill="none" stroke="${metal.highlight}" stroke-width="5" stroke-linecap="round" opacity="0.8"/>`);
  if (spec.accent) {
    const stones = rng.fork("halo");
    for (let i = 0; i < 16; i++) {
      const a = (i / 16) * 2 * Math.PI;
      const x = Math.cos(a) * g * 1.22;
      const y = cy + Math.sin(a) * g * 1.22 * 0.8;
      parts.push(`<circle ${attrs({ cx: x, cy: y, r: g * 0.17, fill: `url(#${bead})` })}/>`);
      parts.push(stone(spec.accent, x, y, g * 0.13, stones, defs, { squash: 0.85 }));
    }
  }
  if (gem !== "pearl") {
    for (let i = 0; i < 4; i++) {
      const a = (i / 4) * 2 * Math.PI + Math.PI / 4;
      parts.push(`<circle ${attrs({ cx: Math.cos(a) * g * 0.95, cy: cy + Math.sin(a) * g * 0.95 * 0.8, r: g * 0.11, fill: `url(#${bead})` })}/>`);
    }
  }
  parts.push(stone(gem, 0, cy, g, rng.fork("centre"), defs, { squash: 0.8 }));
  parts.push(sparkle(-g * 0.3, cy - g * 0.3, g * 0.45, defs));
  return {
    markup: `<g>${parts.join("")}</g>`,
    box: { x: -110, y: cy - g * 1.4, width: 220, height: 60 - (cy - g * 1.4) },
    focus: [0, cy],
    upright: false,
  };
}
