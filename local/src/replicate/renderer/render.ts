/**
 * The offline renderer: the piece the prompt names, in its metal and stones, on the scene it names, at the
 * requested size — the same PNG for the same (prompt, size, seed). Pure: no clock, no Math.random, no I/O.
 */
import sharp from "sharp";
import { METALS } from "./materials.ts";
import { drawPiece } from "./pieces/draw.ts";
import type { Box } from "./pieces/piece.ts";
import { describePrompt } from "./prompt.ts";
import type { SceneSpec } from "./prompt.ts";
import { createRng } from "./prng.ts";
import type { Placement } from "./scenes/backdrop.ts";
import { paintBackdrop } from "./scenes/paint.ts";
import { Defs, attrs, num } from "./svg.ts";
import type { Point } from "./svg.ts";

export interface RenderRequest {
  prompt: string;
  width: number;
  height: number;
  seed: number;
}

interface Transform {
  x: number;
  y: number;
  scale: number;
  rotate: number;
  /** The turn is about this point of the piece. */
  pivot: Point;
}

/** Maps the piece's box (grown by its shadow) into the frame as the scene asks. */
function placePiece(box: Box, placement: Placement, width: number, height: number): Transform {
  if (placement.kind === "anchor") {
    const [ax, ay] = placement.anchor;
    return { x: placement.x - ax * placement.scale, y: placement.y - ay * placement.scale, scale: placement.scale, rotate: placement.rotate, pivot: placement.anchor };
  }
  const scale = Math.min((placement.fraction * width) / box.width, (placement.fraction * height) / box.height);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  return { x: placement.x * width - cx * scale, y: placement.y * height - cy * scale, scale, rotate: placement.rotate, pivot: [cx, cy] };
}

/** The SVG document for one picture (exported for tests and for looking at scenes). */
export function composeSvg(spec: SceneSpec, width: number, height: number, seed: number): string {
  const rng = createRng(seed);
  const defs = new Defs();
  const backdrop = paintBackdrop(spec, width, height, rng.fork("backdrop"), defs);
  const piece = drawPiece({ spec, metal: METALS[spec.metal], rng: rng.fork("piece"), defs, worn: backdrop.worn });
  const { shadow } = backdrop;
  // The drop shadow is part of what must fit, so on a packshot it never reaches the border.
  const reach = shadow ? 3 * shadow.blur : 0;
  const left = shadow ? Math.max(0, reach - shadow.dx) : 0;
  const right = shadow ? reach + shadow.dx : 0;
  const top = shadow ? Math.max(0, reach - shadow.dy) : 0;
  const bottom = shadow ? reach + shadow.dy : 0;
  const box: Box = { x: piece.box.x - left, y: piece.box.y - top, width: piece.box.width + left + right, height: piece.box.height + top + bottom };
  const placement = backdrop.place(piece, box);
  const t = placePiece(box, placement, width, height);
  const [px, py] = t.pivot;
  const rotate = t.rotate ? ` rotate(${num(t.rotate)} ${num(px)} ${num(py)})` : "";
  const filter = shadow
    ? defs.add(
        (id) =>
          `<filter id="${id}" x="-30%" y="-30%" width="160%" height="160%"><feDropShadow ${attrs({ dx: shadow.dx, dy: shadow.dy, stdDeviation: shadow.blur, "flood-color": shadow.color, "flood-opacity": shadow.opacity })}/></filter>`,
        "shadow",
      )
    : null;
  const pieceMarkup = `<g transform="translate(${num(t.x)} ${num(t.y)}) scale(${num(t.scale)})${rotate}"><g${filter ? ` filter="url(#${filter})"` : ""}>${piece.markup}</g></g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${defs.markup()}${backdrop.under}${pieceMarkup}${backdrop.over}</svg>`;
}

/** Only the scene the prompt names, for compositing a real piece onto (what a background model generates). */
export function composeBackdropSvg(spec: SceneSpec, width: number, height: number, seed: number): string {
  const defs = new Defs();
  // A real piece is never worn by an invented hand or neck: those scenes fall back to the studio sweep.
  const scene = spec.backdrop === "hand" || spec.backdrop === "neck" ? { ...spec, backdrop: "studio" as const } : spec;
  const backdrop = paintBackdrop(scene, width, height, createRng(seed).fork("backdrop"), defs);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${defs.markup()}${backdrop.under}</svg>`;
}

export async function renderImage(request: RenderRequest): Promise<Buffer> {
  const svg = composeSvg(describePrompt(request.prompt), request.width, request.height, request.seed);
  // Flattened onto white: no alpha channel, and a packshot's white stays exactly 255,255,255.
  return sharp(Buffer.from(svg)).flatten({ background: "#ffffff" }).png().toBuffer();
}
