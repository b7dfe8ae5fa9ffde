/** What every piece drawing gives the scene: markup in its own units, its extent and where the eye goes. */
import type { MetalLook } from "../materials.ts";
import type { SceneSpec } from "../prompt.ts";
import type { Rng } from "../prng.ts";
import type { Defs, Point } from "../svg.ts";

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PieceDrawing {
  markup: string;
  /** Everything drawn, its own contact shadow included (not the scene's drop shadow). */
  box: Box;
  /** The main stone: a macro shot centres on it. */
  focus: Point;
  /** Stands upright (a ring) rather than lying flat: casts a contact shadow, not a long drop shadow. */
  upright: boolean;
}

export interface PieceContext {
  spec: SceneSpec;
  metal: MetalLook;
  rng: Rng;
  defs: Defs;
  /**
   * Worn: on a hand a ring is drawn across its finger (200 units wide at (0, 0)) and a bracelet across the wrist;
   * on a neck a necklace hangs open, its ends meeting the neck's edges. Null: the piece lies or stands alone.
   */
  worn: "hand" | "neck" | null;
}
