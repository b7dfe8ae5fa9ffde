/** Cable chain links and pearl strands along a path. */
import { pearl } from "../gems.ts";
import { resample } from "../geometry.ts";
import type { MetalLook } from "../materials.ts";
import { metalFill } from "../metal.ts";
import { attrs, num } from "../svg.ts";
import type { Defs, Point } from "../svg.ts";

/** Alternating open and edge-on oval links, each `link` units long. */
export function cableChain(line: readonly Point[], link: number, metal: MetalLook, defs: Defs): string {
  const bead = metalFill(defs, metal, "bead");
  const out: string[] = [];
  for (const [i, p] of resample(line, link * 0.78).entries()) {
    const deg = num((p.angle * 180) / Math.PI);
    const at = `translate(${num(p.x)} ${num(p.y)}) rotate(${deg})`;
    if (i % 2 === 0) {
      // Lit from the upper left: links facing the light are brighter.
      const facing = Math.cos(p.angle + Math.PI * 0.75);
      const stroke = facing > 0.3 ? metal.light : facing < -0.3 ? metal.mid : metal.highlight;
      out.push(`<ellipse ${attrs({ transform: at, rx: link * 0.52, ry: link * 0.32, fill: "none", stroke: metal.deep, "stroke-width": link * 0.22 })}/>`);
      out.push(`<ellipse ${attrs({ transform: at, rx: link * 0.52, ry: link * 0.32, fill: "none", stroke, "stroke-width": link * 0.13 })}/>`);
    } else {
      out.push(`<ellipse ${attrs({ transform: at, rx: link * 0.5, ry: link * 0.13, fill: `url(#${bead})`, stroke: metal.deep, "stroke-width": link * 0.04 })}/>`);
    }
  }
  return out.join("");
}

/** Pearls touching along the path, growing towards its middle when `graduated`. */
export function pearlStrand(line: readonly Point[], size: number, graduated: boolean, defs: Defs): string {
  const stations = resample(line, size * 1.9);
  const out: string[] = [];
  for (const [i, p] of stations.entries()) {
    const middle = 1 - Math.abs(i / Math.max(1, stations.length - 1) - 0.5) * 2;
    const r = graduated ? size * (0.8 + 0.25 * middle) : size;
    out.push(pearl(p.x, p.y, r, r, defs));
  }
  return out.join("");
}
