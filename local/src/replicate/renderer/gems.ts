/**
 * Stones as facet meshes: a brilliant (round, oval or pear) and a step-cut emerald, seen from above or in a
 * three-quarter view (squashed, the table lifted, the pavilion showing below the girdle); pearls as lit spheres.
 */
import { mix, ramp } from "./color.ts";
import { GEMS, PEARL } from "./materials.ts";
import type { GemLook } from "./materials.ts";
import type { Gem } from "./prompt.ts";
import type { Rng } from "./prng.ts";
import { attrs, num, points, stopsMarkup } from "./svg.ts";
import type { Defs, Point } from "./svg.ts";

export type Outline = "round" | "oval" | "pear";

export interface GemOptions {
  outline?: Outline;
  /** 1 = seen from above; about 0.45 = a three-quarter view. */
  squash?: number;
  /** Degrees. */
  rotate?: number;
}

/** The light comes from the upper left, as in a studio. */
const LIGHT = -0.75 * Math.PI;

function outlinePoint(outline: Outline, theta: number): Point {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  if (outline === "oval") return [0.76 * c, s];
  if (outline === "pear") {
    // The point is at the top; the widest part sits below the middle.
    const width = 0.12 + 0.88 * Math.sqrt((1 + s) / 2);
    return [0.78 * c * width, s];
  }
  return [c, s];
}

function centroid(list: readonly Point[]): Point {
  const sum = list.reduce<Point>(([x, y], [px, py]) => [x + px, y + py], [0, 0]);
  return [sum[0] / list.length, sum[1] / list.length];
}

/** Brightness in [0, 1] of a facet facing `angle`, with the seeded sparkle of a cut stone. */
function facetLight(angle: number, tilt: number, contrast: number, rng: Rng): number {
  const facing = Math.cos(angle - LIGHT);
  return Math.min(1, Math.max(0, 0.52 + 0.3 * facing * tilt + (rng.next() - 0.5) * contrast));
}

function polygon(list: readonly Point[], fill: string, look: GemLook, strokeWidth: number): string {
  return `<polygon points="${points(list)}" ${attrs({ fill, stroke: look.edge, "stroke-opacity": 0.28, "stroke-width": strokeWidth, "stroke-linejoin": "round" })}/>`;
}

interface Mesh {
  facets: { points: Point[]; light: number }[];
  girdle: Point[];
  table: Point[];
}

/** The crown of a brilliant in unit coordinates: table, star, kite and upper-girdle facets. */
function brilliantMesh(outline: Outline, squash: number, rng: Rng, contrast: number): Mesh {
  const alpha = (k: number) => -Math.PI / 2 + Math.PI / 8 + (k * Math.PI) / 4;
  const beta = (k: number) => -Math.PI / 2 + ((k + 1) * Math.PI) / 4;
  // In a three-quarter view the table rises above the girdle plane (up on screen).
  const lift = (1 - squash) * 0.55;
  const at = (theta: number, scale: number, rise: number): Point => {
    const [x, y] = outlinePoint(outline, theta);
    return [x * scale, y * scale * squash - rise];
  };
  const table = Array.from({ length: 8 }, (_, k) => at(alpha(k), 0.52, lift));
  const star = Array.from({ length: 8 }, (_, k) => at(beta(k), 0.74, lift * 0.55));
  const girdleAt = (theta: number) => at(theta, 1, 0);
  const facets: Mesh["facets"] = [];
  const add = (list: Point[], tilt: number) => {
    const [cx, cy] = centroid(list);
    facets.push({ points: list, light: facetLight(Math.atan2(cy, cx), tilt, contrast, rng) });
  };
  for (let k = 0; k < 8; k++) {
    const next = (k + 1) % 8;
    const prev = (k + 7) % 8;
    add([table[k]!, table[next]!, star[k]!], 0.6);
    add([table[k]!, star[prev]!, girdleAt(alpha(k)), star[k]!], 1);
    add([star[k]!, girdleAt(alpha(k)), girdleAt(beta(k))], 1.2);
    add([star[k]!, girdleAt(beta(k)), girdleAt(alpha(next))], 1.2);
  }
  const girdle = Array.from({ length: 64 }, (_, i) => girdleAt((i / 64) * 2 * Math.PI));
  return { facets, girdle, table };
}

function place(list: readonly Point[], cx: number, cy: number, r: number, rotate: number): Point[] {
  const rad = (rotate * Math.PI) / 180;
  const c = Math.cos(rad);
  const s = Math.sin(rad);
  return list.map(([x, y]) => [cx + r * (x * c - y * s), cy + r * (x * s + y * c)]);
}

/** A faceted stone. `r` is the girdle radius; the drawing fits in about ±r around (cx, cy). */
export function faceted(gem: Exclude<Gem, "pearl">, cx: number, cy: number, r: number, rng: Rng, defs: Defs, options: GemOptions = {}): string {
  if (gem === "emerald") return stepCut(cx, cy, r, rng, defs, options);
  const look = GEMS[gem];
  const squash = options.squash ?? 1;
  const rotate = options.rotate ?? 0;
  const outline = options.outline ?? "round";
  // Diamonds read as a mosaic of near-black and white facets; coloured stones are softer.
  const contrast = gem === "diamond" ? 0.95 : 0.6;
  const mesh = brilliantMesh(outline, squash, rng, contrast);
  const stroke = r * 0.012;
  const parts: string[] = [];

  if (squash < 0.95) parts.push(pavilion(mesh.girdle, cx, cy, r, squash, look, rng, rotate, stroke));
  const girdle = place(mesh.girdle, cx, cy, r, rotate);
  parts.push(`<polygon points="${points(girdle)}" fill="${ramp(look.ramp, 0.3)}"/>`);
  for (const facet of mesh.facets) {
    parts.push(polygon(place(facet.points, cx, cy, r, rotate), ramp(look.ramp, facet.light), look, stroke));
  }
  parts.push(table(place(mesh.table, cx, cy, r, rotate), look, rng, stroke));
  if (look.fire.length > 0) {
    for (let i = 0; i < 4; i++) {
      const facet = rng.pick(mesh.facets);
      parts.push(`<polygon points="${points(place(facet.points, cx, cy, r, rotate))}" fill="${rng.pick(look.fire)}" opacity="0.55"/>`);
    }
  }
  const glow = defs.once(`gemglow-${gem}`, (id) => `<radialGradient id="${id}" cx="0.36" cy="0.3" r="0.75">${stopsMarkup([[0, "#ffffff"], [0.45, "#ffffff"], [1, "#ffffff"]], (o) => (o === 0 ? 0.45 : o < 0.5 ? 0.12 : 0))}</radialGradient>`);
  parts.push(`<polygon points="${points(girdle)}" fill="url(#${glow})"/>`);
  parts.push(`<polygon points="${points(girdle)}" ${attrs({ fill: "none", stroke: ramp(look.ramp, 0.15), "stroke-width": r * 0.025, "stroke-opacity": 0.7 })}/>`);
  return `<g>${parts.join("")}</g>`;
}

/** The table, with the pavilion's "arrows" reflected through it. */
function table(corners: Point[], look: GemLook, rng: Rng, stroke: number): string {
  const center = centroid(corners);
  const parts = [`<polygon points="${points(corners)}" fill="${ramp(look.ramp, 0.72)}"/>`];
  for (let k = 0; k < corners.length; k++) {
    const a = corners[k]!;
    const b = corners[(k + 1) % corners.length]!;
    const mid: Point = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const light = k % 2 === 0 ? rng.range(0.05, 0.4) : rng.range(0.6, 1);
    parts.push(polygon([center, a, mid], ramp(look.ramp, light), look, stroke));
    parts.push(polygon([center, mid, b], ramp(look.ramp, 1 - light * 0.8), look, stroke));
  }
  return parts.join("");
}

/** The pavilion below the front half of the girdle, converging on the culet. */
function pavilion(girdleUnit: Point[], cx: number, cy: number, r: number, squash: number, look: GemLook, rng: Rng, rotate: number, stroke: number): string {
  const culet: Point = [0, 0.62 + (1 - squash) * 0.5];
  const front = girdleUnit.filter(([, y]) => y >= -0.02 * squash);
  const parts: string[] = [];
  const step = 4;
  for (let i = 0; i + step < front.length + step; i += step) {
    const a = front[Math.min(i, front.length - 1)]!;
    const b = front[Math.min(i + step, front.length - 1)]!;
    if (a === b) break;
    const light = rng.range(0.1, 0.75);
    parts.push(polygon(place([a, b, culet], cx, cy, r, rotate), ramp(look.ramp, light), look, stroke));
  }
  return parts.join("");
}

/** A step-cut (emerald-cut) stone: concentric octagonal steps around a long table. */
function stepCut(cx: number, cy: number, r: number, rng: Rng, defs: Defs, options: GemOptions): string {
  const look = GEMS.emerald;
  const squash = options.squash ?? 1;
  const rotate = options.rotate ?? 0;
  const lift = (1 - squash) * 0.5;
  const ring = (scale: number, rise: number): Point[] => {
    const a = 0.72 * scale;
    const b = 1 * scale;
    const c = 0.22 * scale;
    const raw: Point[] = [
      [-a + c, -b], [a - c, -b], [a, -b + c], [a, b - c], [a - c, b], [-a + c, b], [-a, b - c], [-a, -b + c],
    ];
    return raw.map(([x, y]) => [x, y * squash - rise]);
  };
  const scales = [1, 0.84, 0.7, 0.58];
  const rings = scales.map((scale, i) => ring(scale, (lift * i) / (scales.length - 1)));
  const stroke = r * 0.012;
  const parts: string[] = [];
  if (squash < 0.95) {
    // The pavilion's front: three facets from the lower girdle down to the keel.
    const [, , , right, frontRight, frontLeft, left] = rings[0]!;
    const keelLeft: Point = [-0.3, 0.5 + lift];
    const keelRight: Point = [0.3, 0.5 + lift];
    const facets: [Point[], number][] = [
      [[left!, frontLeft!, keelLeft], 0.2],
      [[frontLeft!, frontRight!, keelRight, keelLeft], 0.45],
      [[frontRight!, right!, keelRight], 0.25],
    ];
    for (const [list, light] of facets) parts.push(polygon(place(list, cx, cy, r, rotate), ramp(look.ramp, light), look, stroke));
  }
  for (let band = 0; band < rings.length - 1; band++) {
    const outer = rings[band]!;
    const inner = rings[band + 1]!;
    for (let k = 0; k < 8; k++) {
      const quad = [outer[k]!, outer[(k + 1) % 8]!, inner[(k + 1) % 8]!, inner[k]!];
      const [x, y] = centroid(quad);
      const light = facetLight(Math.atan2(y, x), 1.3, 0.35, rng) * (0.75 + band * 0.12);
      parts.push(polygon(place(quad, cx, cy, r, rotate), ramp(look.ramp, light), look, stroke));
    }
  }
  const tableRing = rings[rings.length - 1]!;
  const tableId = defs.once("emerald-table", (id) => `<linearGradient id="${id}" x1="0" y1="0" x2="1" y2="1">${stopsMarkup([[0, ramp(look.ramp, 0.85)], [0.5, ramp(look.ramp, 0.55)], [1, ramp(look.ramp, 0.35)]])}</linearGradient>`);
  parts.push(`<polygon points="${points(place(tableRing, cx, cy, r, rotate))}" fill="url(#${tableId})"/>`);
  // The pavilion's steps mirrored in the table ("hall of mirrors").
  for (const scale of [0.44, 0.3, 0.16]) {
    parts.push(`<polygon points="${points(place(ring(scale, lift), cx, cy, r, rotate))}" ${attrs({ fill: "none", stroke: look.edge, "stroke-opacity": 0.3, "stroke-width": stroke * 1.5 })}/>`);
  }
  parts.push(`<polygon points="${points(place(rings[0]!, cx, cy, r, rotate))}" ${attrs({ fill: "none", stroke: ramp(look.ramp, 0.1), "stroke-width": r * 0.025, "stroke-opacity": 0.7 })}/>`);
  return `<g>${parts.join("")}</g>`;
}

/** A pearl: a soft sphere with a window-light highlight, a warm overtone and a bright rim. */
export function pearl(cx: number, cy: number, rx: number, ry: number, defs: Defs): string {
  const body = defs.once("pearl-body", (id) => `<radialGradient id="${id}" cx="0.38" cy="0.32" r="0.78">${stopsMarkup([[0, "#ffffff"], [0.25, PEARL.base], [0.7, mix(PEARL.base, PEARL.shade, 0.45)], [1, PEARL.shade]])}</radialGradient>`);
  const overtone = defs.once("pearl-overtone", (id) => `<radialGradient id="${id}" cx="0.7" cy="0.78" r="0.6">${stopsMarkup([[0, PEARL.overtone], [1, PEARL.overtone]], (o) => (o === 0 ? 0.55 : 0))}</radialGradient>`);
  const rim = defs.once("pearl-rim", (id) => `<radialGradient id="${id}" cx="0.5" cy="0.5" r="0.5">${stopsMarkup([[0, PEARL.rim], [0.82, PEARL.rim], [1, PEARL.rim]], (o) => (o < 0.8 ? 0 : o < 1 ? 0.05 : 0.5))}</radialGradient>`);
  const shape = attrs({ cx, cy, rx, ry });
  return `<g><ellipse ${shape} fill="url(#${body})"/><ellipse ${shape} fill="url(#${overtone})"/><ellipse ${shape} fill="url(#${rim})"/><ellipse ${attrs({ cx: cx - rx * 0.32, cy: cy - ry * 0.38, rx: rx * 0.2, ry: ry * 0.12, fill: "#ffffff", opacity: 0.85, transform: `rotate(-35 ${num(cx - rx * 0.32)} ${num(cy - ry * 0.38)})` })}/></g>`;
}

/** Any stone: a pearl, or a faceted stone with the given options. */
export function stone(gem: Gem, cx: number, cy: number, r: number, rng: Rng, defs: Defs, options: GemOptions = {}): string {
  if (gem === "pearl") return pearl(cx, cy, r, r, defs);
  return faceted(gem, cx, cy, r, rng, defs, options);
}

/** A four-pointed glint with a soft halo. */
export function sparkle(cx: number, cy: number, size: number, defs: Defs, opacity = 1): string {
  const halo = defs.once("sparkle-halo", (id) => `<radialGradient id="${id}">${stopsMarkup([[0, "#ffffff"], [1, "#ffffff"]], (o) => (o === 0 ? 0.9 : 0))}</radialGradient>`);
  const s = size;
  const w = size * 0.12;
  const path = `M ${num(cx)} ${num(cy - s)} Q ${num(cx + w)} ${num(cy - w)} ${num(cx + s)} ${num(cy)} Q ${num(cx + w)} ${num(cy + w)} ${num(cx)} ${num(cy + s)} Q ${num(cx - w)} ${num(cy + w)} ${num(cx - s)} ${num(cy)} Q ${num(cx - w)} ${num(cy - w)} ${num(cx)} ${num(cy - s)} Z`;
  return `<g opacity="${num(opacity)}"><circle ${attrs({ cx, cy, r: s * 0.55, fill: `url(#${halo})` })}/><path d="${path}" fill="#ffffff"/></g>`;
}
