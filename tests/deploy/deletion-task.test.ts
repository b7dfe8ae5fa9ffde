/**
 * The BUILT Cloud Functions bundle (functions/build.mjs, as `firebase deploy` runs it) end to end for erasure: its
 * `api` function answers DELETE /v1/me after enqueuing one task through firebase-admin on the `runDeletionJob` queue
 * (a fake Cloud Tasks emulator records it) and does nothing after its answer — the erasure stays pending until the
 * `onTaskDispatched` function, invoked with that task's payload, completes it. Also checks the deployed options of the
 * task and image-touching functions. Documents are in the Cloud Firestore emulator, as in production: the task
 * function composes its own ports, and only a shared Firestore lets it see what the API function wrote.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Request as TaskRequest } from "firebase-functions/v2/tasks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeletionAccepted, DeletionReceipt } from "@bez/contracts";
import { pathToFileURL } from "node:url";
import { bundleFunctions } from "../helpers/functions-bundle.ts";
import { createUser } from "../helpers/auth-emulator-client.ts";
import { testApiEnvironment, testEnv } from "../helpers/api-server.ts";
import { type StoreSelection, firestoreEmulatorOrSkip, selectTestStore } from "../helpers/test-store.ts";
// Types only: the module itself is imported once the environment it reads is in place.
import type * as Entry from "../../functions/src/index.ts";

let entry: typeof Entry;
let bundle: { dir: string; remove(): Promise<void> } | undefined;
let store: StoreSelection | undefined;
let dataDir: string;
let api: Server;
let apiUrl: string;
let tasks: Server;
const received: { path: string; body: { task: { httpRequest: { body: string }; dispatchDeadline?: string } } }[] = [];
const savedEnv = { ...process.env };

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
};

const readJson = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as (typeof received)[number]["body"];
};

const onFirestore = firestoreEmulatorOrSkip("deletion task");

beforeAll(async () => {
  if (!onFirestore) return;
  // A stand-in for the Cloud Tasks emulator: records each task it is given.
  tasks = createServer((req, res) => {
    void readJson(req).then((body) => {
      received.push({ path: req.url ?? "", body });
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body.task));
    });
  });
  const tasksPort = await listen(tasks);
  const env = testEnv();
  store = selectTestStore(env.projectId, "firestore");
  bundle = await bundleFunctions();
  dataDir = await mkdtemp(join(tmpdir(), "bez-entry-"));
  api = createServer();
  const port = await listen(api);
  apiUrl = `http://127.0.0.1:${port}`;
  Object.assign(process.env, {
    ...testApiEnvironment(dataDir, port),
    CLOUD_TASKS_EMULATOR_HOST: `127.0.0.1:${tasksPort}`,
    // No metadata server here: firebase-admin falls back to the emulator's service account at once.
    METADATA_SERVER_DETECTION: "none",
    ...store.env,
  });
  entry = (await import(pathToFileURL(join(bundle.dir, "index.js")).href)) as typeof Entry;
  api.on("request", (req, res) => void entry.api(req as never, res as never));
});

afterAll(async () => {
  api?.closeAllConnections();
  await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (tasks ? tasks.close(() => resolve()) : resolve()));
  process.env = savedEnv;
  await store?.clear();
  await bundle?.remove();
  await rm(dataDir, { recursive: true, force: true });
});

describe.runIf(onFirestore)("erasure through the built Cloud Functions bundle", () => {
  it("DELETE /v1/me enqueues one task with the deletion id; the task function completes the erasure", { timeout: 60_000 }, async () => {
    const user = await createUser(`entry-${randomUUID()}@example.test`, "correct horse battery");
    const auth = { authorization: `Bearer ${user.idToken}` };
    expect((await fetch(`${apiUrl}/v1/me`, { headers: auth })).status).toBe(200);
    const response = await fetch(`${apiUrl}/v1/me`, {
      method: "DELETE",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ confirm: "DELETE" }),
    });
    expect(response.status).toBe(202);
    const { deletionId } = DeletionAccepted.parse(await response.json());

    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe(`/projects/${testEnv().projectId}/locations/europe-west1/queues/runDeletionJob/tasks`);
    const payload = JSON.parse(Buffer.from(received[0]?.body.task.httpRequest.body ?? "", "base64").toString("utf8")) as { data: unknown };
    expect(payload).toEqual({ data: { deletionId } });
    // Cloud Tasks waits out the whole run (540 s) before counting it failed.
    expect(received[0]?.body.task.dispatchDeadline).toBe("600s");

    const receipt = async () => DeletionReceipt.parse(await (await fetch(`${apiUrl}/v1/deletions/${deletionId}`)).json());
    // Nothing ran after the answer: only the task finishes it.
    expect((await receipt()).status).toBe("pending");
    await entry.runDeletionJob.run({ data: payload.data, id: "task-1" } as TaskRequest<{ deletionId?: unknown } | null>);
    expect((await receipt()).status).toBe("complete");
    // A repeated delivery of the task (Cloud Tasks is at-least-once) finds nothing left and succeeds.
    await entry.runDeletionJob.run({ data: payload.data, id: "task-1" } as TaskRequest<{ deletionId?: unknown } | null>);
  });

  it("acknowledges a malformed task instead of retrying it", async () => {
    await expect(entry.runDeletionJob.run({ data: { deletionId: "../x" }, id: "task-2" } as TaskRequest<{ deletionId?: unknown } | null>)).resolves.toBeUndefined();
    await expect(entry.runDeletionJob.run({ data: null, id: "task-3" } as TaskRequest<{ deletionId?: unknown } | null>)).resolves.toBeUndefined();
  });

  it("deploys the task function with retries, a rate limit and room for the work; image work gets 1 GiB", () => {
    const endpoint = (entry.runDeletionJob as unknown as { __endpoint: Record<string, unknown> }).__endpoint;
    expect(endpoint).toMatchObject({
      region: ["europe-west1"],
      availableMemoryMb: 1024,
      timeoutSeconds: 540,
      taskQueueTrigger: {
        retryConfig: { maxAttempts: 8, minBackoffSeconds: 30, maxBackoffSeconds: 900, maxDoublings: 5 },
        rateLimits: { maxConcurrentDispatches: 4, maxDispatchesPerSecond: 2 },
      },
    });
    for (const fn of [entry.reconcileGenerations, entry.sweepDeletions]) {
      expect((fn as unknown as { __endpoint: Record<string, unknown> }).__endpoint).toMatchObject({ availableMemoryMb: 1024 });
    }
  });
});
