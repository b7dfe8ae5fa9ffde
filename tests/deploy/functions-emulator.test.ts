/**
 * Deploy smoke test: bundles functions/ exactly as `firebase deploy` would (predeploy), then boots the bundle in the
 * Firebase Functions emulator with `firebase emulators:exec --only auth,functions`, talking to the run's Cloud Firestore
 * emulator through the production Firestore adapter. Through the function it calls /v1/health, signs a user up and
 * creates their profile with GET /v1/me, then reads that document back from the Firestore emulator itself.
 * The emulator runs the bundle on this machine's Node (20) even though the runtime named is nodejs22: firebase-tools
 * warns about the mismatch and uses the host's Node.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../../local/src/processes/free-port.ts";
import { repoRoot } from "../../local/src/processes/repo-root.ts";
import { firestoreEmulatorOrSkip, selectTestStore } from "../helpers/test-store.ts";

const run = promisify(execFile);
let work: string;
let dist: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "bez-deploy-"));
  // Inside functions/ so the bundle's dependencies resolve from node_modules; its own folder, so it races no other test.
  dist = await mkdtemp(join(repoRoot, "functions", ".bundle-test-"));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(dist, { recursive: true, force: true });
});

describe.runIf(firestoreEmulatorOrSkip("functions emulator"))("Cloud Functions entry", () => {
  it("bundles with workspace packages inlined and serves the API in the Functions emulator, on Firestore", { timeout: 180_000 }, async () => {
    await run(process.execPath, [join(repoRoot, "functions/build.mjs"), dist], { cwd: repoRoot });
    const bundle = await readFile(join(dist, "index.js"), "utf8");
    expect(bundle).not.toMatch(/from ["']@bez\//);
    const distPkg = JSON.parse(await readFile(join(dist, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(Object.keys(distPkg.dependencies)).toContain("firebase-functions");
    expect(Object.keys(distPkg.dependencies).some((d) => d.startsWith("@bez/"))).toBe(false);

    const [functionsPort, authPort, hubPort, loggingPort, eventarcPort, tasksPort] = await freePorts(6);
    const projectId = "demo-bez-deploy";
    const host = "127.0.0.1";
    await writeFile(
      join(work, "firebase.json"),
      JSON.stringify({
        functions: [{ source: relative(work, dist), codebase: "bez", runtime: "nodejs22" }],
        emulators: {
          singleProjectMode: true,
          functions: { host, port: functionsPort },
          auth: { host, port: authPort },
          hub: { host, port: hubPort },
          logging: { host, port: loggingPort },
          eventarc: { host, port: eventarcPort },
          tasks: { host, port: tasksPort },
          ui: { enabled: false },
        },
      }),
    );
    // The deploy's params (functions/src/index.ts), as a project's .env file gives them; .env.local is the emulator's.
    await writeFile(
      join(dist, ".env.local"),
      ["BEZ_PUBLIC_API_URL=http://127.0.0.1:1", "BEZ_STORAGE_BUCKET=unused-in-test", "BEZ_AUDIT_WITNESS_BUCKET=unused-in-test", "BEZ_WEB_ORIGINS=http://127.0.0.1:3000", "BEZ_TRUSTED_PROXIES=google-front-end", ""].join("\n"),
    );
    const probeOut = join(work, "probe.json");
    const store = selectTestStore(projectId, "firestore");
    const firestoreHost = store.env.FIRESTORE_EMULATOR_HOST;
    const api = `http://${host}:${functionsPort}/${projectId}/europe-west1/api`;
    await writeFile(
      join(work, "probe.mjs"),
      `const api = ${JSON.stringify(api)};
       // A cold instance opens its first Firestore connection on the first health check: give it a few tries.
       let health;
       for (let attempt = 0; attempt < 10; attempt++) {
         health = await fetch(api + "/v1/health");
         if (health.status === 200) break;
         await new Promise((resolve) => setTimeout(resolve, 3000));
       }
       const signUp = await fetch(${JSON.stringify(`http://${host}:${authPort}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=demo`)}, {
         method: "POST",
         headers: { "content-type": "application/json" },
         body: JSON.stringify({ email: "deploy@example.test", password: "deploy-test-password", returnSecureToken: true }),
       });
       const { idToken, localId } = await signUp.json();
       const me = await fetch(api + "/v1/me", { headers: { authorization: "Bearer " + idToken } });
       const doc = await fetch(${JSON.stringify(`http://${firestoreHost}/v1/projects/${projectId}/databases/${store.database}/documents/users/`)} + localId, {
         headers: { authorization: "Bearer owner" },
       });
       const fs = await import("node:fs/promises");
       await fs.writeFile(${JSON.stringify(probeOut)}, JSON.stringify({
         status: health.status, body: await health.json(), nosniff: health.headers.get("x-content-type-options"), requestId: health.headers.get("x-request-id"),
         uid: localId, me: { status: me.status, body: await me.json() }, doc: { status: doc.status, body: await doc.json() },
       }));`,
    );
    const redisUrl = process.env.BEZ_TEST_REDIS_URL;
    if (!redisUrl) throw new Error("tests/global-setup.ts did not run");
    await run(
      join(repoRoot, "node_modules/.bin/firebase"),
      ["emulators:exec", "--only", "auth,functions", "--project", projectId, `node ${join(work, "probe.mjs")}`],
      {
        cwd: work,
        timeout: 150_000,
        env: {
          ...process.env,
          // The function composes its ports from these, as in production: documents in Firestore (here the emulator, in a
          // database of this test's own), blobs on the filesystem (the Cloud Storage emulator cannot run offline).
          ...store.env,
          BEZ_ENV: "test",
          BEZ_DATA_DIR: join(work, "data"),
          BEZ_REDIS_URL: redisUrl,
          BEZ_PROJECT_ID: projectId,
          BEZ_LOG_LEVEL: "warn",
          CI: "true",
        },
      },
    );
    const probe = JSON.parse(await readFile(probeOut, "utf8"));
    expect(probe.status, JSON.stringify(probe.body)).toBe(200);
    expect(probe.body).toMatchObject({ ok: true, checks: { store: "ok", blobs: "ok", redis: "ok", auth: "ok" } });
    expect(probe.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(probe.nosniff).toBe("nosniff");

    // The profile the function created is a document in the Firestore emulator, and nothing went to an embedded store.
    expect(probe.me).toMatchObject({ status: 200, body: { uid: probe.uid, email: "deploy@example.test", role: "user", status: "active" } });
    expect(probe.doc.status).toBe(200);
    expect(probe.doc.body.name).toBe(`projects/${projectId}/databases/${store.database}/documents/users/${probe.uid}`);
    expect(probe.doc.body.fields.createdAt).toHaveProperty("timestampValue");
    expect(await readdir(join(work, "data"))).not.toContain("documents");
    await store.clear();
  });
});
