/** Curves sampled into evenly spaced points with their directions (chains and strands follow them). */
import type { Point } from "./svg.ts";

export interface PathPoint {
  x: number;
  y: number;
  /** Radians, the direction of travel. */
  angle: number;
}

export type Cubic = [Point, Point, Point, Point];

function cubicAt([p0, p1, p2, p3]: Cubic, t: number): Point {
  const u = 1 - t;
  const a = u * u * u;
  const b = 3 * u * u * t;
  const c = 3 * u * t * t;
  const d = t * t * t;
  return [a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]];
}

/** A dense polyline through a chain of cubic segments. */
export function polyline(curves: readonly Cubic[], perCurve = 200): Point[] {
  const out: Point[] = [];
  for (const curve of curves) {
    for (let i = out.length === 0 ? 0 : 1; i <= perCurve; i++) out.push(cubicAt(curve, i / perCurve));
  }
  return out;
}

/** Points every `spacing` units along the polyline (the last partial step is dropped). */
export function resample(line: readonly Point[], spacing: number): PathPoint[] {
  const out: PathPoint[] = [];
  let carried = 0;
  for (let i = 1; i < line.length; i++) {
    const [x0, y0] = line[i - 1]!;
    const [x1, y1] = line[i]!;
    const segment = Math.hypot(x1 - x0, y1 - y0);
    if (segment === 0) continue;
    const angle = Math.atan2(y1 - y0, x1 - x0);
    let at = out.length === 0 ? 0 : spacing - carried;
    while (at <= segment) {
      const t = at / segment;
      out.push({ x: x0 + (x1 - x0) * t, y: y0 + (y1 - y0) * t, angle });
      at += spacing;
    }
    carried = segment - (at - spacing);
  }
  return out;
}
