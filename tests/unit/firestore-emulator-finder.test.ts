/** Where the local stack and the tests find the Cloud Firestore emulator (local/src/processes/firestore-emulator.ts). */
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFirestoreEmulator } from "../../local/src/processes/firestore-emulator.ts";

let root: string;
const nowhere = () => join(root, "nowhere", "cloud_firestore_emulator");

async function executable(path: string): Promise<string> {
  await mkdir(join(path, ".."), { recursive: true });
  await writeFile(path, "#!/bin/sh\n");
  await chmod(path, 0o755);
  return path;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "bez-finder-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("findFirestoreEmulator", () => {
  it("takes BEZ_FIRESTORE_EMULATOR first, and names it when it does not exist", async () => {
    const launcher = await executable(join(root, "custom", "cloud_firestore_emulator"));
    expect(findFirestoreEmulator(launcher, "", nowhere())).toEqual({ kind: "launcher", path: launcher });
    expect(() => findFirestoreEmulator(join(root, "missing"), "", nowhere())).toThrow(/BEZ_FIRESTORE_EMULATOR is .*missing, which does not exist/);
  });

  it("then the launcher the Cloud SDK package installs", async () => {
    const packaged = await executable(join(root, "pkg", "cloud_firestore_emulator"));
    expect(findFirestoreEmulator(null, "", packaged)).toEqual({ kind: "launcher", path: packaged });
  });

  it("then the SDK that gcloud on PATH belongs to, following its symlink; else gcloud itself", async () => {
    const sdk = join(root, "google-cloud-sdk");
    const gcloud = await executable(join(sdk, "bin", "gcloud"));
    const bin = join(root, "usr-bin");
    await mkdir(bin, { recursive: true });
    await symlink(gcloud, join(bin, "gcloud"));
    expect(findFirestoreEmulator(null, bin, nowhere())).toEqual({ kind: "gcloud", path: join(bin, "gcloud") });
    const launcher = await executable(join(sdk, "platform", "cloud-firestore-emulator", "cloud_firestore_emulator"));
    expect(findFirestoreEmulator(null, `/nonexistent:${bin}`, nowhere())).toEqual({ kind: "launcher", path: launcher });
  });

  it("answers null where none is installed", () => {
    expect(findFirestoreEmulator(null, join(root, "empty"), nowhere())).toBeNull();
  });
});
