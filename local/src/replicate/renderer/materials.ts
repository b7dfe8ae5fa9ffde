/** The looks of metals and stones: polished-metal reflection bands and gem facet ramps. */
import type { Gem, Metal } from "./prompt.ts";

export interface MetalLook {
  deep: string;
  mid: string;
  light: string;
  highlight: string;
}

export const METALS: Record<Metal, MetalLook> = {
  "yellow-gold": { deep: "#6b4a0e", mid: "#c49a35", light: "#efd27a", highlight: "#fff6cf" },
  "rose-gold": { deep: "#6e3a2c", mid: "#c3826a", light: "#efbda4", highlight: "#fff0e8" },
  "white-gold": { deep: "#5f6166", mid: "#b3b5b8", light: "#e4e4e2", highlight: "#fffdf8" },
  silver: { deep: "#585e66", mid: "#aab1b9", light: "#e6ebf0", highlight: "#ffffff" },
  platinum: { deep: "#4f5459", mid: "#979ca2", light: "#d3d7db", highlight: "#f5f7f9" },
};

/** Stops of a polished surface: alternating dark and bright bands read as reflections of a studio. */
export function metalStops(metal: MetalLook): [number, string][] {
  return [
    [0, metal.deep],
    [0.16, metal.light],
    [0.3, metal.mid],
    [0.44, metal.highlight],
    [0.56, metal.mid],
    [0.72, metal.deep],
    [0.86, metal.light],
    [1, metal.mid],
  ];
}

export interface GemLook {
  /** Facet ramp from the darkest facet to the brightest. */
  ramp: string[];
  /** Fire: faint rainbow tints on a few facets (diamonds only). */
  fire: string[];
  /** Colour of the faint facet edges. */
  edge: string;
}

export const GEMS: Record<Exclude<Gem, "pearl">, GemLook> = {
  diamond: {
    ramp: ["#3b4452", "#7d8897", "#c3ccd6", "#eef3f8", "#ffffff"],
    fire: ["#ffc2dc", "#bfe6ff", "#fff0b0", "#c8ffd9", "#e0c8ff"],
    edge: "#ffffff",
  },
  ruby: { ramp: ["#2e0009", "#6d0418", "#b3122e", "#ef3d57", "#ffc1c9"], fire: [], edge: "#ff8a9a" },
  emerald: { ramp: ["#01170d", "#05402a", "#0d7a4a", "#34b879", "#b9f5d6"], fire: [], edge: "#7fe0ae" },
  sapphire: { ramp: ["#020a26", "#0a2366", "#1844b0", "#4a80f0", "#c5d8ff"], fire: [], edge: "#86a8ff" },
};

export interface PearlLook {
  base: string;
  shade: string;
  rim: string;
  overtone: string;
}

export const PEARL: PearlLook = { base: "#f6f0e6", shade: "#b9ad9c", rim: "#fffaf2", overtone: "#f4d9d4" };
