/** Gradient fills for polished metal, shared through <defs>. */
import { mix } from "./color.ts";
import { metalStops } from "./materials.ts";
import type { MetalLook } from "./materials.ts";
import { linearGradient, stopsMarkup } from "./svg.ts";
import type { Defs } from "./svg.ts";

export type MetalFill = "diagonal" | "vertical" | "horizontal" | "bead" | "shade";

/** The id of a gradient of this metal; "bead" is a lit sphere (prong tips, links), "shade" a darker inner wall. */
export function metalFill(defs: Defs, metal: MetalLook, kind: MetalFill): string {
  const key = `metal-${metal.mid.slice(1)}-${kind}`;
  return defs.once(key, (id) => {
    switch (kind) {
      case "diagonal":
        return linearGradient(id, metalStops(metal), 0, 0, 1, 1);
      case "vertical":
        return linearGradient(id, metalStops(metal), 0, 0, 0, 1);
      case "horizontal":
        return linearGradient(id, metalStops(metal), 0, 0, 1, 0);
      case "shade":
        return linearGradient(id, [[0, metal.deep], [0.45, mix(metal.deep, metal.mid, 0.5)], [0.8, metal.mid], [1, metal.deep]], 0, 0, 0, 1);
      case "bead":
        return `<radialGradient id="${id}" cx="0.35" cy="0.3" r="0.8">${stopsMarkup([[0, metal.highlight], [0.3, metal.light], [0.7, metal.mid], [1, metal.deep]])}</radialGradient>`;
    }
  });
}
