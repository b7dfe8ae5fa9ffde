/**
 * The 5xx answers the fuzz suites found on the first release, each replayed as the exact request that caused it, so
 * they stay fixed whatever seed the fuzzer draws: every one is now a 400 problem (invalid-request) and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedWebhookHeaders } from "../helpers/webhooks.ts";
import { expectProblem } from "../helpers/problems.ts";
import { type FuzzStack, startFuzzStack } from "./fuzz/stack.ts";
import { snapshotState, stateChanges } from "./fuzz/state.ts";

let fuzz: FuzzStack;

beforeAll(async () => {
  fuzz = await startFuzzStack();
});
afterAll(async () => {
  await fuzz?.stop();
});

type As = "alice" | "admin" | "none";

function call(as: As, method: string, path: string, init: { json?: unknown; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = as === "alice" ? fuzz.actors.alice.idToken : as === "admin" ? fuzz.actors.admin.idToken : null;
  if (token) headers.set("authorization", `Bearer ${token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  return fetch(`${fuzz.stack.api.url}${path}`, { method, headers, body });
}

describe("requests the fuzzer answered with a 5xx", () => {
  // Express throws a URIError decoding a path parameter with a bad percent-escape (was: 500 internal).
  it.each([
    ["alice", "POST", "/v1/me/notices/%/read"],
    ["alice", "GET", "/v1/generations/%/events"],
    ["alice", "GET", "/v1/images/%c3%28"],
    ["admin", "PUT", "/v1/admin/users/%ff%fe/role"],
    ["none", "GET", "/v1/deletions/%E0%A4%A"],
  ] as const)("%s %s %s: a malformed percent-escape in a path id is a 400", async (as, method, path) => {
    const response = await call(as, method, path, method === "PUT" ? { json: { role: "user" } } : {});
    await expectProblem(response, 400, "invalid-request");
  });

  // Ids Firestore reserves (`__…__`) reached the store as document ids, which it refuses as an argument (was: 500).
  it.each([
    ["alice", "GET", "/v1/images/__proto__"],
    ["alice", "DELETE", "/v1/images/__x__"],
    ["alice", "POST", "/v1/images/__x__/marketplace-fix"],
    ["alice", "GET", "/v1/generations/__proto__"],
    ["alice", "GET", "/v1/generations/__proto__/events"],
    ["alice", "POST", "/v1/generations/__proto__/cancel"],
    ["alice", "POST", "/v1/me/notices/__proto__/read"],
    ["alice", "POST", "/v1/me/notices/__proto__/acknowledge"],
    ["admin", "POST", "/v1/admin/users/__proto__/ip-lock/clear"],
    ["none", "GET", "/v1/deletions/__0123456789abcdef__"],
  ] as const)("%s %s %s: a reserved id is a 400", async (as, method, path) => {
    await expectProblem(await call(as, method, path), 400, "invalid-request");
  });

  it("a reserved id as a generation's referenceImageId is a 400", async () => {
    const response = await call("alice", "POST", "/v1/generations", { json: { preset: "reference-background", prompt: "on marble", referenceImageId: "__x__" } });
    const problem = await expectProblem(response, 400, "invalid-request");
    expect(problem.errors?.map((e) => e.path)).toEqual(["referenceImageId"]);
  });

  // The notices and audit lists handed the cursor to the store unchecked (was: 500 on any cursor it could not read).
  it.each([
    ["alice", "/v1/me/notices?cursor=0"],
    ["admin", "/v1/admin/audit?cursor=%20"],
    ["admin", "/v1/admin/audit?cursor=not-a-cursor&limit=5"],
  ] as const)("%s GET %s: an unreadable cursor is a 400 naming the cursor", async (as, path) => {
    const problem = await expectProblem(await call(as, "GET", path), 400, "invalid-request");
    expect(problem.errors?.map((e) => e.path)).toEqual(["cursor"]);
  });

  // A verified delivery whose prediction id cannot name a document failed ingestion (was: 503, which Replicate retries).
  it.each(["a/b", "..", "__x__"])("a signed webhook for prediction id %j is a 400 and changes nothing", async (id) => {
    const { api } = fuzz.stack;
    const observed = { store: api.composition.deps.store, dataDir: api.dataDir, uids: [fuzz.actors.alice.uid] };
    const before = await snapshotState(observed);
    const payload = JSON.stringify({ id, status: "succeeded", output: [] });
    const response = await call("none", "POST", "/v1/webhooks/replicate", { headers: signedWebhookHeaders(fuzz.actors.webhookSecret, `msg_${id.length}${Date.now()}`, payload), body: payload });
    await expectProblem(response, 400, "invalid-request");
    expect(stateChanges(before, await snapshotState(observed))).toEqual([]);
  });
});
