import { describe, expect, it } from "vitest";
import { createIds } from "../../functions/src/adapters/system/ids.ts";

describe("ids", () => {
  it("are URL-safe, 26 characters, unique and sort by creation time", () => {
    let now = Date.UTC(2026, 10, 22);
    const ids = createIds({ now: () => new Date(now) });
    const made: string[] = [];
    for (let i = 0; i < 2000; i++) {
      if (i % 100 === 0) now += 1;
      made.push(ids.next());
    }
    for (const id of made) expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
    expect(new Set(made).size).toBe(made.length);
    // Every id sorts after the one made before it, within a millisecond too.
    expect([...made].sort()).toEqual(made);
  });

  it("made in the same millisecond are not a predictable +1 of each other", () => {
    const ids = createIds({ now: () => new Date(Date.UTC(2026, 10, 22)) });
    const [a, b] = [ids.next(), ids.next()];
    expect(a.slice(0, 10)).toBe(b.slice(0, 10));
    const value = (id: string) => [...id.slice(10)].reduce((n, c) => n * 32n + BigInt("0123456789abcdefghjkmnpqrstvwxyz".indexOf(c)), 0n);
    expect(value(b) - value(a)).toBeGreaterThan(1n);
  });
});
