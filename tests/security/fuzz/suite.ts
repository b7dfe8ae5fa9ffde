/**
 * The fuzz run for a set of endpoints (one vitest file each, so the sets run on both workers): at least 500 generated
 * requests per endpoint against a fresh API, checking that:
 * - no answer is a 5xx, and none carries a stack frame or a source path;
 * - every answer has an X-Request-Id, and every non-2xx one is application/problem+json with the problem shape;
 * - a request carrying a defect (see arbitraries.ts) is refused; mutating endpoints only get such requests;
 * - nothing a refused request could touch changed over the endpoint's run (state.ts says what that covers).
 * A failure prints fast-check's seed, path and counterexample. The file ends with a table of requests and statuses
 * per endpoint, printed and written to test-results/fuzz-counts-<suite>.md.
 */
import { mkdir, writeFile } from "node:fs/promises";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Endpoint, type SampleImages, sampleImages } from "./endpoints.ts";
import { describeRequest, send, violations } from "./http.ts";
import { type FuzzStack, startFuzzStack } from "./stack.ts";
import { snapshotState, stateChanges } from "./state.ts";

export const runsPerEndpoint = 500;

type Tally = Map<string, { sent: number; statuses: Map<number, number> }>;

function countsTable(tally: Tally): string {
  const rows = [...tally].map(([name, { sent, statuses }]) => {
    const seen = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(", ");
    return `| ${name} | ${sent} | ${seen} |`;
  });
  const total = [...tally.values()].reduce((sum, { sent }) => sum + sent, 0);
  return ["| endpoint | requests | statuses |", "| --- | ---: | --- |", ...rows, `| **${tally.size} endpoints** | ${total} | |`].join("\n");
}

async function fuzzEndpoint(fuzz: FuzzStack, images: SampleImages, endpoint: Endpoint, tally: Tally): Promise<void> {
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
  await api.idle();
  expect(stateChanges(before, await snapshotState(observed)), "state changed during the run").toEqual([]);
  expect(counts.sent).toBeGreaterThanOrEqual(runsPerEndpoint);
}

/** Fuzzes `endpoints` on an API whose BEZ_TRUSTED_PROXIES is `trustedProxies`. */
export function fuzzSuite(suite: string, endpoints: readonly Endpoint[], trustedProxies: string): void {
  let fuzz: FuzzStack;
  let images: SampleImages;
  const tally: Tally = new Map();

  beforeAll(async () => {
    [fuzz, images] = await Promise.all([startFuzzStack(trustedProxies), sampleImages()]);
  });

  afterAll(async () => {
    await fuzz?.stop();
    const table = countsTable(tally);
    console.log(`\nFuzz counts (${suite})\n${table}\n`);
    await mkdir("test-results", { recursive: true });
    await writeFile(`test-results/fuzz-counts-${suite}.md`, `${table}\n`);
  });

  describe(`fuzzing ${suite}`, () => {
    it.each(endpoints.map((endpoint) => [endpoint.name, endpoint] as const))("%s", async (_name, endpoint) => {
      await fuzzEndpoint(fuzz, images, endpoint, tally);
    }, 300_000);
  });
}
