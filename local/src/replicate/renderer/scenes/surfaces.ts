/** Surfaces the piece lies on: veined marble, velvet, and a linen flat lay with a few props. */
import { mix } from "../color.ts";
import type { Rng } from "../prng.ts";
import { attrs, blurFilter, num, stopsMarkup } from "../svg.ts";
import type { Defs } from "../svg.ts";
import { centred } from "./backdrop.ts";
import type { Backdrop } from "./backdrop.ts";

/** A slight turn for pieces lying flat, never for one standing up. */
const tilt = (rng: Rng, max: number) => rng.range(-max, max);

function noise(defs: Defs, seed: number, frequency: string, octaves: number, kind: "fractalNoise" | "turbulence" = "fractalNoise"): string {
  return defs.add(
    (id) =>
      `<filter id="${id}" x="0" y="0" width="100%" height="100%"><feTurbulence type="${kind}" baseFrequency="${frequency}" numOctaves="${octaves}" seed="${seed}"/><feColorMatrix type="saturate" values="0"/></filter>`,
    "noise",
  );
}

export function marbleBackdrop(width: number, height: number, rng: Rng, defs: Defs): Backdrop {
  const warm = rng.chance(0.5);
  const base = defs.add((id) => `<linearGradient id="${id}" x1="0" y1="0" x2="1" y2="1">${stopsMarkup([[0, "#f7f6f3"], [0.6, warm ? "#efebe5" : "#eceded"], [1, warm ? "#e2dcd3" : "#dcdddf"]])}</linearGradient>`, "marble");
  const soft = defs.add((id) => blurFilter(id, Math.min(width, height) * 0.012), "blur");
  const mottle = noise(defs, rng.int(1, 9999), num(3 / Math.max(width, height)), 4);
  // Turbulence displaces the veins so they wander like real stone instead of tracing smooth curves.
  const wander = defs.add(
    (id) =>
      `<filter id="${id}" x="-10%" y="-10%" width="120%" height="120%"><feTurbulence type="fractalNoise" baseFrequency="${num(6 / Math.max(width, height))}" numOctaves="3" seed="${rng.int(1, 9999)}" result="n"/><feDisplacementMap in="SourceGraphic" in2="n" scale="${num(Math.min(width, height) * 0.09)}" xChannelSelector="R" yChannelSelector="G"/><feGaussianBlur stdDeviation="${num(Math.min(width, height) * 0.0012)}"/></filter>`,
    "wander",
  );
  const veins: string[] = [];
  const count = rng.int(4, 7);
  for (let i = 0; i < count; i++) {
    const y0 = rng.range(-0.2, 1.1) * height;
    const y1 = y0 + rng.range(-0.6, 0.6) * height;
    const d = `M ${num(-0.1 * width)} ${num(y0)} C ${num(rng.range(0.2, 0.45) * width)} ${num(y0 + rng.range(-0.4, 0.4) * height)} ${num(rng.range(0.55, 0.8) * width)} ${num(y1 + rng.range(-0.4, 0.4) * height)} ${num(1.1 * width)} ${num(y1)}`;
    const strong = i < 2;
    const colour = strong && warm ? "#b59a6a" : "#8d8a86";
    veins.push(`<path d="${d}" ${attrs({ fill: "none", stroke: colour, "stroke-width": Math.min(width, height) * rng.range(0.02, 0.05), opacity: 0.12, filter: `url(#${soft})` })}/>`);
    veins.push(`<path d="${d}" ${attrs({ fill: "none", stroke: mix(colour, "#555555", 0.3), "stroke-width": Math.min(width, height) * rng.range(0.001, 0.003), opacity: strong ? 0.5 : 0.25 })}/>`);
  }
  const light = defs.add((id) => `<radialGradient id="${id}" cx="0.35" cy="0.3" r="0.9">${stopsMarkup([[0, "#ffffff"], [1, "#000000"]], (o) => (o === 0 ? 0.35 : 0.12))}</radialGradient>`, "light");
  return {
    under: `<rect ${attrs({ width, height, fill: `url(#${base})` })}/><rect ${attrs({ width, height, filter: `url(#${mottle})`, opacity: 0.12 })}/><g filter="url(#${wander})">${veins.join("")}</g><rect ${attrs({ width, height, fill: `url(#${light})` })}/>`,
    over: "",
    shadow: { dx: 10, dy: 16, blur: 12, color: "#2b2722", opacity: 0.3 },
    worn: null,
    place: (piece) => centred(0.74, piece.upright ? 0 : tilt(rng, 10)),
  };
}

const VELVETS: Record<string, [string, string]> = {
  navy: ["#2a3766", "#090d1f"],
  burgundy: ["#6a1a2e", "#1e050b"],
  forest: ["#1f4d3a", "#06140e"],
  black: ["#36363a", "#0a0a0b"],
  plum: ["#4d2655", "#140816"],
};

export function velvetBackdrop(width: number, height: number, rng: Rng, defs: Defs, named: string | null): Backdrop {
  const [centre, edge] = VELVETS[named ?? rng.pick(Object.keys(VELVETS))] ?? VELVETS.navy!;
  const glow = defs.add((id) => `<radialGradient id="${id}" cx="${num(rng.range(0.4, 0.6))}" cy="0.45" r="0.75">${stopsMarkup([[0, mix(centre, "#ffffff", 0.08)], [0.55, centre], [1, edge]])}</radialGradient>`, "velvet");
  const nap = noise(defs, rng.int(1, 9999), "0.9", 2);
  const folds = noise(defs, rng.int(1, 9999), num(2.2 / Math.max(width, height)), 2);
  return {
    under: `<rect ${attrs({ width, height, fill: `url(#${glow})` })}/><rect ${attrs({ width, height, filter: `url(#${folds})`, opacity: 0.22 })}/><rect ${attrs({ width, height, filter: `url(#${nap})`, opacity: 0.07 })}/>`,
    over: "",
    shadow: { dx: 8, dy: 14, blur: 14, color: "#000000", opacity: 0.55 },
    worn: null,
    place: (piece) => centred(0.76, piece.upright ? 0 : tilt(rng, 12)),
  };
}

/** A sprig of eucalyptus: a curved stem with paired round leaves. */
function sprig(x: number, y: number, size: number, angle: number, rng: Rng): string {
  const leaves: string[] = [`<path d="M 0 0 Q ${num(size * 0.1)} ${num(-size * 0.5)} 0 ${num(-size)}" fill="none" stroke="#6f7d64" stroke-width="${num(size * 0.012)}"/>`];
  for (let i = 1; i <= 7; i++) {
    const t = i / 8;
    const r = size * (0.09 - t * 0.035);
    const sy = -size * t;
    const sx = size * 0.1 * Math.sin(t * Math.PI) * 0.8;
    for (const side of [-1, 1]) {
      const shade = mix("#8fa384", "#6d8466", rng.next());
      leaves.push(`<ellipse ${attrs({ cx: sx + side * r * 0.95, cy: sy, rx: r, ry: r * 0.8, fill: shade, stroke: "#5c6e55", "stroke-width": size * 0.004 })}/>`);
    }
  }
  return `<g transform="translate(${num(x)} ${num(y)}) rotate(${num(angle)})">${leaves.join("")}</g>`;
}

export function flatLayBackdrop(width: number, height: number, rng: Rng, defs: Defs): Backdrop {
  const tone = rng.pick(["#ebe3d6", "#e6ddd2", "#efe9e1", "#e3d9cf"] as const);
  const weaveX = noise(defs, rng.int(1, 9999), "0.9 0.015", 2, "turbulence");
  const weaveY = noise(defs, rng.int(1, 9999), "0.015 0.9", 2, "turbulence");
  const unit = Math.min(width, height);
  const soft = defs.add((id) => blurFilter(id, unit * 0.012), "blur");
  const dishX = rng.chance(0.5) ? 0.86 : 0.14;
  const dishY = rng.chance(0.5) ? 0.84 : 0.16;
  const dish = [
    `<ellipse ${attrs({ cx: dishX * width + unit * 0.02, cy: dishY * height + unit * 0.025, rx: unit * 0.16, ry: unit * 0.16, fill: "#5a4a3a", opacity: 0.25, filter: `url(#${soft})` })}/>`,
    `<circle ${attrs({ cx: dishX * width, cy: dishY * height, r: unit * 0.16, fill: "#f4f1ec", stroke: "#d9d2c8", "stroke-width": unit * 0.004 })}/>`,
    `<circle ${attrs({ cx: dishX * width, cy: dishY * height, r: unit * 0.12, fill: "#ebe6de" })}/>`,
  ].join("");
  const sprigX = 1 - dishX;
  const sprigY = 1 - dishY;
  const sprigs = [
    sprig(sprigX * width, sprigY * height + (sprigY > 0.5 ? unit * 0.1 : -unit * 0.1), unit * 0.5, (sprigX > 0.5 ? -1 : 1) * rng.range(30, 60) + (sprigY > 0.5 ? 0 : 180), rng.fork("sprig1")),
  ].join("");
  return {
    under: `<rect ${attrs({ width, height, fill: tone })}/><rect ${attrs({ width, height, filter: `url(#${weaveX})`, opacity: 0.08 })}/><rect ${attrs({ width, height, filter: `url(#${weaveY})`, opacity: 0.08 })}/>${dish}<g filter="url(#${soft})" opacity="0.3" transform="translate(${num(unit * 0.015)} ${num(unit * 0.02)})">${sprigs}</g>${sprigs}`,
    over: "",
    shadow: { dx: 12, dy: 16, blur: 10, color: "#4a3b2c", opacity: 0.28 },
    worn: null,
    place: (piece) => centred(0.6, piece.upright ? 0 : tilt(rng, 18), 0.5 + (dishX > 0.5 ? -0.04 : 0.04), 0.5),
  };
}
