/** Small SVG string builders; every number is written with two decimals at most, so output is stable. */

export function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export type Point = [number, number];

export function points(list: readonly Point[]): string {
  return list.map(([x, y]) => `${num(x)},${num(y)}`).join(" ");
}

export function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}="${typeof value === "number" ? num(value) : value}"`)
    .join(" ");
}

export function stopsMarkup(stops: readonly [number, string][], opacity?: (offset: number) => number): string {
  return stops
    .map(([offset, color]) => `<stop offset="${num(offset)}" stop-color="${color}"${opacity ? ` stop-opacity="${num(opacity(offset))}"` : ""}/>`)
    .join("");
}

/** Collects <defs> entries under deterministic ids (a counter, never randomness). */
export class Defs {
  private readonly entries = new Map<string, string>();
  private counter = 0;

  id(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}`;
  }

  /** Adds a definition once per key and returns its id. */
  once(key: string, build: (id: string) => string): string {
    const existing = this.entries.get(key);
    if (existing !== undefined) return key;
    this.entries.set(key, build(key));
    return key;
  }

  add(markup: (id: string) => string, prefix = "d"): string {
    const id = this.id(prefix);
    this.entries.set(id, markup(id));
    return id;
  }

  markup(): string {
    return `<defs>${[...this.entries.values()].join("")}</defs>`;
  }
}

export function linearGradient(id: string, stops: readonly [number, string][], x1: number, y1: number, x2: number, y2: number): string {
  return `<linearGradient id="${id}" ${attrs({ x1, y1, x2, y2 })}>${stopsMarkup(stops)}</linearGradient>`;
}

export function blurFilter(id: string, deviation: number): string {
  return `<filter id="${id}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${num(deviation)}"/></filter>`;
}
