/**
 * `npm run residue` (functions/src/residue.ts) as a command against an embedded data dir, with the run's Redis and
 * Auth emulator: it names what a user left (exit 1), and after erasure finds nothing (exit 0), files included. And
 * `npm run reapply-erasures` runs against the same environment.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { compose } from "../../functions/src/compose.ts";
import { loadConfig } from "../../functions/src/config.ts";
import { requestDeletion, runDeletion } from "../../functions/src/core/deletion/run.ts";
import { testEnv } from "../helpers/api-server.ts";
import { selectTestStore } from "../helpers/test-store.ts";
import { contextFor, seedAccount } from "../helpers/accounts.ts";

const run = promisify(execFile);

describe("npm run residue", () => {
  it("reports a user's traces with exit 1, and nothing with exit 0 once erased", { timeout: 120_000 }, async () => {
    const env = testEnv();
    // firebase-admin in this process reads the emulator host from the environment itself.
    process.env.FIREBASE_AUTH_EMULATOR_HOST = env.authHost;
    const dataDir = await mkdtemp(join(tmpdir(), "bez-residue-"));
    const store = selectTestStore(env.projectId);
    const environment = {
      BEZ_ENV: "test",
      BEZ_PROJECT_ID: env.projectId,
      BEZ_DATA_DIR: dataDir,
      BEZ_REDIS_URL: env.redisUrl,
      FIREBASE_AUTH_EMULATOR_HOST: env.authHost,
      BEZ_LOG_LEVEL: "silent",
      BEZ_ERASURE_GRACE_SECONDS: "0",
      ...store.env,
    };
    const residue = () =>
      run(process.execPath, ["--import", "tsx", "functions/src/residue.ts", uid], {
        cwd: join(import.meta.dirname, "../.."),
        env: { PATH: process.env.PATH, ...environment },
      }).then(
        (done) => ({ code: 0, out: done.stdout }),
        (failed: { code: number; stdout: string; stderr: string }) => ({ code: failed.code, out: failed.stdout + failed.stderr }),
      );
    const uid = `cli${randomBytes(6).toString("hex")}`;
    try {
      let composition = await compose(loadConfig(environment));
      await seedAccount(composition.deps, uid, { images: 2, generations: 1 });
      await composition.close();

      const before = await residue();
      expect(before.code).toBe(1);
      expect(before.out).toMatch(/^blob\tu\/cli/m);
      expect(before.out).toMatch(/^document\tusers\/cli/m);
      expect(before.out).toMatch(/^redis\tbez:/m);
      // The embedded store's journal is a file under BEZ_DATA_DIR; on Firestore no document reaches the disk.
      if (store.database === null) expect(before.out).toMatch(/^file\tdocuments\//m);
      else expect(before.out).not.toMatch(/^file\tdocuments\//m);

      composition = await compose(loadConfig(environment));
      const deletion = composition.deps.accounts.deletion;
      expect(await runDeletion(deletion, await requestDeletion(deletion, contextFor(uid)))).toBe("complete");
      await composition.close();

      const after = await residue();
      expect(after).toEqual({ code: 0, out: "residue: nothing found\n" });

      // The restore procedure's command: nothing was restored, so nothing is erased again.
      const reapplied = await run(process.execPath, ["--import", "tsx", "functions/src/reapply-erasures.ts"], {
        cwd: join(import.meta.dirname, "../.."),
        env: { PATH: process.env.PATH, ...environment },
      });
      expect(reapplied.stdout).toMatch(/^reapply-erasures: \d+ accounts checked, 0 erased again\.\n$/);
    } finally {
      await store.clear();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
