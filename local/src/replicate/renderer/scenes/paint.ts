/** Picks and paints the scene the prompt names. */
import type { SceneSpec } from "../prompt.ts";
import type { Rng } from "../prng.ts";
import type { Defs } from "../svg.ts";
import type { Backdrop } from "./backdrop.ts";
import { handBackdrop } from "./hand.ts";
import { macroBackdrop } from "./macro.ts";
import { neckBackdrop } from "./neck.ts";
import { studioBackdrop, whiteBackdrop } from "./studio.ts";
import { flatLayBackdrop, marbleBackdrop, velvetBackdrop } from "./surfaces.ts";

export function paintBackdrop(spec: SceneSpec, width: number, height: number, rng: Rng, defs: Defs): Backdrop {
  switch (spec.backdrop) {
    case "white":
      return whiteBackdrop(width, height);
    case "studio":
      return studioBackdrop(width, height, rng, defs);
    case "marble":
      return marbleBackdrop(width, height, rng, defs);
    case "velvet":
      return velvetBackdrop(width, height, rng, defs, spec.velvetColor);
    case "flat-lay":
      return flatLayBackdrop(width, height, rng, defs);
    case "macro":
      return macroBackdrop(width, height, rng, defs);
    case "hand":
      return handBackdrop(width, height, rng, defs, spec.piece);
    case "neck":
      // A ring or bracelet "on model" is worn on the hand.
      return spec.piece === "ring" || spec.piece === "bracelet"
        ? handBackdrop(width, height, rng, defs, spec.piece)
        : neckBackdrop(width, height, rng, defs, spec.piece);
  }
}
