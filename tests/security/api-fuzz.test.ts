/**
 * Issue 13, item 10: property-based fuzzing of every endpoint with fast-check. At least 500 generated requests per
 * endpoint — malformed, huge, empty, deeply nested and wrong-typed JSON, unknown fields, wrong and missing content
 * types, junk query strings, traversal and overlong path ids, odd headers, with valid credentials of the right and the
 * wrong kind and with garbage ones — against the real API (real Redis, the real Auth emulator), checking that:
 * - no answer is a 5xx, and none carries a stack frame or a source path;
 * - every answer has an X-Request-Id, and every non-2xx one is application/problem+json with the problem shape;
 * - a request carrying a defect (see fuzz/arbitraries.ts) is refused; mutating endpoints only get such requests;
 * - nothing a refused request could touch changed over the endpoint's run (fuzz/state.ts says what that covers).
 * A failure prints fast-check's seed, path and counterexample; the run ends with a table of requests and statuses
 * per endpoint, also written to test-results/fuzz-counts.md.
 */
import { mkdir, writeFile } from "node:fs/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Endpoint, type SampleImages, endpoints, sampleImages } from "./fuzz/endpoints.ts";
import { describeRequest, send, violations } from "./fuzz/http.ts";
import { type FuzzStack, startFuzzStack } from "./fuzz/stack.ts";
import { snapshotState, stateChanges } from "./fuzz/state.ts";

const runsPerEndpoint = 500;

let fuzz: FuzzStack;
let images: SampleImages;
const tally = new Map<string, { sent: number; statuses: Map<number, number> }>();

beforeAll(async () => {
  [fuzz, images] = await Promise.all([startFuzzStack(), sampleImages()]);
});

afterAll(async () => {
  await fuzz?.stop();
  const rows = [...tally].map(([name, { sent, statuses }]) => {
    const seen = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(", ");
    return `| ${name} | ${sent} | ${seen} |`;
  });
  const total = [...tally.values()].reduce((sum, { sent }) => sum + sent, 0);
  const table = ["| endpoint | requests | statuses |", "| --- | ---: | --- |", ...rows, `| **all ${tally.size} endpoints** | ${total} | |`].join("\n");
  console.log(`\nFuzz counts per endpoint\n${table}\n`);
  await mkdir("test-results", { recursive: true });
  await writeFile("test-results/fuzz-counts.md", `${table}\n`);
});

async function fuzzEndpoint(endpoint: Endpoint): Promise<void> {
  const { api } = fuzz.stack;
  const { actors } = fuzz;
  const counts = { sent: 0, statuses: new Map<number, number>() };
  tally.set(endpoint.name, counts);
  const observed = { store: api.composition.deps.store, dataDir: api.dataDir, uids: [actors.alice.uid, actors.bob.uid, actors.admin.uid] };
  const before = await snapshotState(observed);
  await fc.assert(
    fc.asyncProperty(endpoint.cases(actors, images), async ({ request, defects }) => {
      const answer = await send(api.url, request);
      counts.sent++;
      counts.statuses.set(answer.status, (counts.statuses.get(answer.status) ?? 0) + 1);
      const found = violations(request, answer);
      if (defects.length > 0 && answer.status < 400) found.push(`answered ${answer.status} to a request it must refuse (${defects.join(", ")})`);
      if (found.length > 0) {
        const excerpt = answer.body.subarray(0, 300).toString("utf8");
        throw new Error(`${found.join("; ")}\n  request: ${describeRequest(request)}\n  answer: ${answer.status} ${excerpt}`);
      }
    }),
    { numRuns: runsPerEndpoint },
  );
  // Deliveries and erasures the API runs after answering (none should start) would land by now.
  await api.idle();
  expect(stateChanges(before, await snapshotState(observed)), "state changed during the run").toEqual([]);
  expect(counts.sent).toBeGreaterThanOrEqual(runsPerEndpoint);
}

describe("fuzzing every endpoint", () => {
  it.each(endpoints.map((endpoint) => [endpoint.name, endpoint] as const))("%s", async (_name, endpoint) => {
    await fuzzEndpoint(endpoint);
  }, 300_000);
});
