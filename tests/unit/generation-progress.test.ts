import { describe, expect, it } from "vitest";
import { progressFromLogs } from "../../functions/src/core/generation/progress.ts";
import { isValidIdempotencyKey, requestHash } from "../../functions/src/core/generation/idempotency.ts";

describe("prediction progress from logs", () => {
  it("reads the last percentage a progress bar printed", () => {
    expect(progressFromLogs(null)).toBeNull();
    expect(progressFromLogs("Loading weights\nwarming up")).toBeNull();
    expect(progressFromLogs(" 12%|█▏        | 3/28\n 57%|█████▋    | 16/28")).toBeCloseTo(0.57);
    expect(progressFromLogs("100%|██████████| 28/28 [00:04<00:00]")).toBe(1);
    expect(progressFromLogs("40% done, then 450% nonsense")).toBeCloseTo(0.4);
  });
});

describe("idempotency keys", () => {
  it("accepts 1–255 printable ASCII characters only", () => {
    expect(isValidIdempotencyKey("a")).toBe(true);
    expect(isValidIdempotencyKey("x".repeat(255))).toBe(true);
    expect(isValidIdempotencyKey("order 42 / retry #1 ~")).toBe(true);
    expect(isValidIdempotencyKey("")).toBe(false);
    expect(isValidIdempotencyKey("x".repeat(256))).toBe(false);
    expect(isValidIdempotencyKey("tab\there")).toBe(false);
    expect(isValidIdempotencyKey("clé")).toBe(false);
  });

  it("hashes a request independently of key order", () => {
    expect(requestHash({ preset: "packshot-white", prompt: "ring", count: 1 })).toBe(requestHash({ count: 1, prompt: "ring", preset: "packshot-white" }));
    expect(requestHash({ prompt: "ring", count: 1 })).not.toBe(requestHash({ prompt: "ring", count: 2 }));
  });
});
