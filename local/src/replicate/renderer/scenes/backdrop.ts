/** What a scene gives the renderer: its layers, the piece's shadow and where the piece goes. */
import type { Box, PieceDrawing } from "../pieces/piece.ts";
import type { Point } from "../svg.ts";

/** In the piece's own units (it scales with the piece). */
export interface DropShadow {
  dx: number;
  dy: number;
  blur: number;
  color: string;
  opacity: number;
}

export type Placement =
  /** The box (grown by the shadow) fills `fraction` of the frame, centred at (x, y) given as fractions. */
  | { kind: "fit"; fraction: number; x: number; y: number; rotate: number }
  /** The piece's point `anchor` lands at pixel (x, y), `scale` pixels per piece unit. */
  | { kind: "anchor"; anchor: Point; x: number; y: number; scale: number; rotate: number };

export interface Backdrop {
  /** Drawn before the piece. */
  under: string;
  /** Drawn over the piece (a vignette, a hint of light). */
  over: string;
  shadow: DropShadow | null;
  worn: "hand" | "neck" | null;
  place(piece: PieceDrawing, box: Box): Placement;
}

export const centred = (fraction: number, rotate = 0, x = 0.5, y = 0.5): Placement => ({ kind: "fit", fraction, x, y, rotate });
