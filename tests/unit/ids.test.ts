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
    const firstOfEachMs = made.filter((_, i) => i % 100 === 0);
    expect([...firstOfEachMs].sort()).toEqual(firstOfEachMs);
  });
});
