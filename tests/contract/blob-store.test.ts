/**
 * Runs the BlobStore contract on the filesystem adapter always, and on the Cloud Storage adapter when a
 * Storage emulator is reachable; plus the filesystem adapter's own on-disk promises.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFsBlobStore } from "../../functions/src/adapters/fs-blobs/index.ts";
import type { BlobStoreHarness } from "./blob-store.contract.ts";
import { blobStoreContract, readAll } from "./blob-store.contract.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const fsAdapterUrl = new URL("../../functions/src/adapters/fs-blobs/index.ts", import.meta.url).href;
const cloudAdapterUrl = new URL("../../functions/src/adapters/cloud-storage/blob-store.ts", import.meta.url).href;

// ---------------------------------------------------------------------------------------------
// A put in a child process, so it can be SIGKILLed like a crashing server.

interface PutRequest {
  key: string;
  size: number;
  fill: number;
}

interface ChildPut {
  /** Resolves when the child is about to call put. */
  started: Promise<void>;
  /** True once the child reported that put returned. */
  finished(): boolean;
  /** SIGKILLs the child and waits for it to be gone. */
  kill(): Promise<void>;
}

/** `openStore` is module code that defines `store`; it sees the request as `request`. */
function startChildPut(openStore: string, request: PutRequest): ChildPut {
  const script = `
    const request = JSON.parse(process.argv.at(-1));
    ${openStore}
    const data = new Uint8Array(request.size).fill(request.fill);
    process.stdout.write("putting\\n");
    await store.put(request.key, data);
    process.stdout.write("done\\n");
  `;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script, JSON.stringify(request)],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  let errors = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("putting")) resolve();
    });
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    void exited.then(() => reject(new Error(`the put child exited before starting: ${errors || output}`)));
  });
  return {
    started,
    finished: () => output.includes("done"),
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

function tooLate(): Error {
  return new Error("the put finished before it could be killed; the crash case proved nothing");
}

// ---------------------------------------------------------------------------------------------
// fs-blobs

/** Size and mtime of every file under `directory`, to spot the one a put is writing. */
function fileStates(directory: string): Map<string, string> {
  const states = new Map<string, string>();
  for (const path of readdirSync(directory, { recursive: true, encoding: "utf8" })) {
    try {
      const stats = statSync(join(directory, path));
      if (stats.isFile()) states.set(path, `${stats.size}@${stats.mtimeMs}`);
    } catch {
      // Renamed or removed between listing and stat: it is not a partial write.
    }
  }
  return states;
}

/** A file that changed since `before` and holds some, but not all, of the bytes being put. */
function partialWriteUnder(directory: string, before: Map<string, string>, size: number): boolean {
  for (const [path, state] of fileStates(directory)) {
    const written = Number(state.split("@")[0]);
    if (state !== before.get(path) && written > 0 && written < size) return true;
  }
  return false;
}

async function killFsPutMidWrite(dir: string, request: PutRequest): Promise<void> {
  const before = fileStates(dir);
  const child = startChildPut(
    `const { createFsBlobStore } = await import(${JSON.stringify(fsAdapterUrl)});
     const store = createFsBlobStore({ dir: ${JSON.stringify(dir)} });`,
    request,
  );
  await child.started;
  // Kill the moment part of the new bytes is on disk: the write is truly under way.
  const deadline = Date.now() + 30_000;
  while (!partialWriteUnder(dir, before, request.size)) {
    if (child.finished()) throw tooLate();
    if (Date.now() > deadline) throw new Error("the put child never started writing");
    await new Promise((resolve) => setImmediate(resolve));
  }
  await child.kill();
  if (child.finished()) throw tooLate();
}

async function makeFsHarness(): Promise<BlobStoreHarness> {
  const dir = await mkdtemp(join(tmpdir(), "bez-fs-blobs-"));
  return {
    store: createFsBlobStore({ dir }),
    reopen: async () => createFsBlobStore({ dir }),
    killDuringPut: (key, size, fill) => killFsPutMidWrite(dir, { key, size, fill }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

blobStoreContract("fs-blobs", makeFsHarness);

describe("fs-blobs on disk", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bez-fs-blobs-"));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("maps key segments to nested directories", async () => {
    await createFsBlobStore({ dir }).put("u/abc/images/1", new Uint8Array([1]));
    expect(statSync(join(dir, "u", "abc", "images")).isDirectory()).toBe(true);
    expect(readdirSync(join(dir, "u", "abc", "images"))).toHaveLength(1);
  });

  it("removes stale temp files on open, anywhere in the tree, and keeps blobs", async () => {
    const before = createFsBlobStore({ dir });
    await before.put("u/abc/images/1", new Uint8Array([1, 2, 3]));
    const stale = [join(dir, "u", "abc", "images", "2~tmp-0123456789abcdef"), join(dir, "x~tmp-00")];
    for (const path of stale) await writeFile(path, "half a blob");

    const after = createFsBlobStore({ dir });
    for (const path of stale) expect(existsSync(path), path).toBe(false);
    expect(await after.list("u/")).toEqual(["u/abc/images/1"]);
    const stream = await after.get("u/abc/images/1");
    expect(stream && [...(await readAll(stream))]).toEqual([1, 2, 3]);
  });

  it("never lists a temp file of a put in flight, and deleteByPrefix leaves it to its put", async () => {
    const store = createFsBlobStore({ dir });
    await store.put("u/abc/images/1", new Uint8Array([1]));
    const inFlight = join(dir, "u", "abc", "images", "2~tmp-0123456789abcdef");
    await writeFile(inFlight, "partial");
    expect(await store.list("u/abc/")).toEqual(["u/abc/images/1"]);
    expect(await store.deleteByPrefix("u/abc/")).toBe(1);
    expect(existsSync(inFlight)).toBe(true);
  });

  it("deleteByPrefix removes the directories it empties, up to the root", async () => {
    const store = createFsBlobStore({ dir });
    await store.put("u/abc/images/1", new Uint8Array([1]));
    await store.put("u/abc/thumbs/deep/1", new Uint8Array([1]));
    await store.put("u/other/images/1", new Uint8Array([1]));
    expect(await store.deleteByPrefix("u/abc/")).toBe(2);
    expect(existsSync(join(dir, "u", "abc"))).toBe(false);
    expect(readdirSync(join(dir, "u"))).toEqual(["other"]);

    expect(await store.deleteByPrefix("u/other/")).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("delete removes the directories it empties and keeps the rest", async () => {
    const store = createFsBlobStore({ dir });
    await store.put("u/abc/images/1", new Uint8Array([1]));
    await store.put("u/abc/thumbs/1", new Uint8Array([1]));
    await store.delete("u/abc/images/1");
    expect(readdirSync(join(dir, "u", "abc"))).toEqual(["thumbs"]);
    await store.delete("u/abc/thumbs/1");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("puts beside a subtree that a concurrent deleteByPrefix is pruning", async () => {
    const store = createFsBlobStore({ dir });
    for (let round = 0; round < 50; round++) {
      await store.put("u/abc/images/old", new Uint8Array([1]));
      await Promise.all([store.deleteByPrefix("u/abc/images/"), store.put("u/abc/thumbs/new", new Uint8Array([2]))]);
      expect(await store.list("u/")).toEqual(["u/abc/thumbs/new"]);
      await store.delete("u/abc/thumbs/new");
    }
  });

  it("creates a missing root directory and pings", async () => {
    const nested = join(dir, "not", "yet");
    const store = createFsBlobStore({ dir: nested });
    await expect(store.ping()).resolves.toBeUndefined();
    expect(statSync(nested).isDirectory()).toBe(true);
  });

  it("fails at open when the root is not a directory", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "");
    expect(() => createFsBlobStore({ dir: file })).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// Cloud Storage, against the emulator when one is running.

const storageEmulator = process.env.FIREBASE_STORAGE_EMULATOR_HOST;
if (!storageEmulator) {
  console.warn(
    "[contract] Cloud Storage leg skipped: FIREBASE_STORAGE_EMULATOR_HOST is not set (the Storage emulator's rules runtime is a download, impossible offline; the filesystem blob store stands in)",
  );
}

describe.runIf(storageEmulator)("Cloud Storage adapter (emulator)", () => {
  const projectId = process.env.GCLOUD_PROJECT ?? "demo-bez";
  const bucketName = `${projectId}.appspot.com`;
  const openBucket = `
    const { initializeApp } = await import("firebase-admin/app");
    const { getStorage } = await import("firebase-admin/storage");
    const { createCloudStorageBlobStore } = await import(${JSON.stringify(cloudAdapterUrl)});
    const app = initializeApp({ projectId: ${JSON.stringify(projectId)} });
    const store = createCloudStorageBlobStore(getStorage(app).bucket(${JSON.stringify(bucketName)}));`;

  async function bucket() {
    const { getApps, initializeApp } = await import("firebase-admin/app");
    const { getStorage } = await import("firebase-admin/storage");
    const app = getApps().find((candidate) => candidate.name === "blob-contract") ??
      initializeApp({ projectId }, "blob-contract");
    return getStorage(app).bucket(bucketName);
  }

  async function killCloudPutMidUpload(request: PutRequest): Promise<void> {
    const child = startChildPut(openBucket, request);
    await child.started;
    // A 64 MB single-request upload takes far longer than this pause.
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (child.finished()) throw tooLate();
    await child.kill();
    if (child.finished()) throw tooLate();
  }

  blobStoreContract("cloud-storage", async () => {
    const { createCloudStorageBlobStore } = await import("../../functions/src/adapters/cloud-storage/blob-store.ts");
    const target = await bucket();
    await target.deleteFiles({ force: true });
    return {
      store: createCloudStorageBlobStore(target),
      reopen: async () => createCloudStorageBlobStore(await bucket()),
      killDuringPut: (key, size, fill) => killCloudPutMidUpload({ key, size, fill }),
      cleanup: () => target.deleteFiles({ force: true }),
    };
  });
});
