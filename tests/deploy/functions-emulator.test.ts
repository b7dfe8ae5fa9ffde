/**
 * Deploy smoke test: bundles functions/ exactly as `firebase deploy` would (predeploy), then boots the bundle in the
 * Firebase Functions emulator with `firebase emulators:exec --only auth,functions` and calls /v1/health through it.
 * Proves the Cloud Functions entry (functions/src/index.ts) loads and serves the same app as the local server.
 * The emulator runs the bundle on this machine's Node (20) even though the runtime named is nodejs22: firebase-tools
 * warns about the mismatch and uses the host's Node.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts } from "../../local/src/processes/free-port.ts";
import { repoRoot } from "../../local/src/processes/repo-root.ts";

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

describe("Cloud Functions entry", () => {
  it("bundles with workspace packages inlined and serves /v1/health in the Functions emulator", { timeout: 180_000 }, async () => {
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
      ["BEZ_PUBLIC_API_URL=http://127.0.0.1:1", "BEZ_STORAGE_BUCKET=unused-in-test", "BEZ_WEB_ORIGINS=http://127.0.0.1:3000", "BEZ_TRUSTED_PROXIES=google-front-end", ""].join("\n"),
    );
    const probeOut = join(work, "probe.json");
    await writeFile(
      join(work, "probe.mjs"),
      `const r = await fetch(${JSON.stringify(`http://${host}:${functionsPort}/${projectId}/europe-west1/api/v1/health`)});
       const body = await r.json();
       const fs = await import("node:fs/promises");
       await fs.writeFile(${JSON.stringify(probeOut)}, JSON.stringify({ status: r.status, body, nosniff: r.headers.get("x-content-type-options"), requestId: r.headers.get("x-request-id") }));`,
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
          // The function composes its ports from these, exactly as in production (embedded stores in test mode).
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
    expect(probe.status).toBe(200);
    expect(probe.body).toMatchObject({ ok: true, checks: { store: "ok", blobs: "ok", redis: "ok", auth: "ok" } });
    expect(probe.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(probe.nosniff).toBe("nosniff");
  });
});
