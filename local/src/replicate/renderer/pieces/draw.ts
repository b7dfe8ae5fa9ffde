/** Draws the piece the prompt names. */
import { drawBracelet } from "./bracelet.ts";
import { drawEarrings } from "./earrings.ts";
import { drawNecklace } from "./necklace.ts";
import type { PieceContext, PieceDrawing } from "./piece.ts";
import { drawRing, drawWornRing } from "./ring.ts";

export function drawPiece(ctx: PieceContext): PieceDrawing {
  switch (ctx.spec.piece) {
    case "ring":
      return ctx.worn === "hand" ? drawWornRing(ctx) : drawRing(ctx);
    case "necklace":
      return drawNecklace(ctx, false);
    case "pendant":
      return drawNecklace(ctx, true);
    case "earrings":
      return drawEarrings(ctx);
    case "bracelet":
      return drawBracelet(ctx);
  }
}
