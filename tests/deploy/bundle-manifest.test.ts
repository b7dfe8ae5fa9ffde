/**
 * What `firebase deploy` reads from the BUILT bundle (functions/build.mjs, as predeploy runs it): each function's
 * trigger and the secrets bound to it, and the params the deploy asks for. Loaded in a plain Node process, as the
 * Firebase CLI loads it, not through Vitest's module graph. Further checks of the built bundle can share `dist`, built
 * once in beforeAll.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SecretName, loadConfig } from "../../functions/src/config.ts";
import { repoRoot } from "../../local/src/processes/repo-root.ts";
import { bundleFunctions } from "../helpers/functions-bundle.ts";

const run = promisify(execFile);

interface Endpoint {
  platform: string;
  region: string[];
  secretEnvironmentVariables?: { key: string }[];
  httpsTrigger?: object;
  scheduleTrigger?: object;
  taskQueueTrigger?: object;
  eventTrigger?: object;
}
interface Manifest {
  endpoints: Record<string, Endpoint>;
  params: { name: string; type: string }[];
}

let dist: string;
let bundle: { dir: string; remove(): Promise<void> } | undefined;
let manifest: Manifest;

beforeAll(async () => {
  bundle = await bundleFunctions();
  dist = bundle.dir;
  const script = `
    const bundle = await import(${JSON.stringify(pathToFileURL(join(dist, "index.js")).href)});
    const { declaredParams } = await import("firebase-functions/params");
    const endpoints = Object.fromEntries(Object.entries(bundle).map(([name, fn]) => [name, fn.__endpoint]));
    process.stdout.write(JSON.stringify({ endpoints, params: declaredParams.map((p) => p.toSpec()) }));`;
  // Run from dist so "firebase-functions/params" is the very copy the bundle registered its params with.
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { cwd: dist, env: { PATH: process.env.PATH } });
  manifest = JSON.parse(stdout) as Manifest;
}, 120_000);

afterAll(async () => {
  await bundle?.remove();
});

const secretsOf = (name: string) => (manifest.endpoints[name]?.secretEnvironmentVariables ?? []).map((s) => s.key).sort();

describe("the deployed bundle's manifest", () => {
  it("exports exactly the API, the deletion task function, the generation dispatch trigger and the four scheduled jobs, all Cloud Functions v2 in europe-west1", () => {
    expect(Object.keys(manifest.endpoints).sort()).toEqual([
      "api",
      "dispatchGeneration",
      "purgeExpiredAudit",
      "reconcileGenerations",
      "runDeletionJob",
      "sealAuditDigests",
      "sweepDeletions",
    ]);
    for (const [name, endpoint] of Object.entries(manifest.endpoints)) {
      expect(endpoint.platform, name).toBe("gcfv2");
      expect(endpoint.region, name).toEqual(["europe-west1"]);
      expect(Boolean(endpoint.httpsTrigger), name).toBe(name === "api");
      expect(Boolean(endpoint.taskQueueTrigger), name).toBe(name === "runDeletionJob");
      expect(Boolean(endpoint.eventTrigger), name).toBe(name === "dispatchGeneration");
      expect(Boolean(endpoint.scheduleTrigger), name).toBe(!["api", "runDeletionJob", "dispatchGeneration"].includes(name));
    }
  });

  it("binds each function only to the secrets it uses", () => {
    expect(secretsOf("api")).toEqual(["AXIOM_TOKEN", "BEZ_AUDIT_KEY", "BEZ_KEKS", "BEZ_LINK_KEY", "BEZ_REDIS_URL", "BEZ_SMTP_URL", "REPLICATE_API_TOKEN"]);
    expect(secretsOf("reconcileGenerations")).toEqual(["AXIOM_TOKEN", "BEZ_KEKS", "BEZ_LINK_KEY", "BEZ_REDIS_URL", "REPLICATE_API_TOKEN"]);
    expect(secretsOf("dispatchGeneration")).toEqual(["AXIOM_TOKEN", "BEZ_KEKS", "BEZ_LINK_KEY", "BEZ_REDIS_URL", "REPLICATE_API_TOKEN"]);
    expect(secretsOf("sweepDeletions")).toEqual(["AXIOM_TOKEN", "BEZ_AUDIT_KEY", "BEZ_REDIS_URL", "BEZ_SMTP_URL"]);
    expect(secretsOf("runDeletionJob")).toEqual(["AXIOM_TOKEN", "BEZ_AUDIT_KEY", "BEZ_REDIS_URL", "BEZ_SMTP_URL"]);
    expect(secretsOf("sealAuditDigests")).toEqual(["AXIOM_TOKEN", "BEZ_AUDIT_KEY"]);
    expect(secretsOf("purgeExpiredAudit")).toEqual(["AXIOM_TOKEN", "BEZ_AUDIT_KEY"]);
  });

  it("declares the secrets for Secret Manager and the settings as params (lists as lists)", () => {
    const byName = Object.fromEntries(manifest.params.map((p) => [p.name, p.type]));
    expect(byName).toEqual({
      BEZ_KEKS: "secret",
      BEZ_LINK_KEY: "secret",
      BEZ_AUDIT_KEY: "secret",
      REPLICATE_API_TOKEN: "secret",
      BEZ_SMTP_URL: "secret",
      BEZ_REDIS_URL: "secret",
      AXIOM_TOKEN: "secret",
      BEZ_PUBLIC_API_URL: "string",
      BEZ_STORAGE_BUCKET: "string",
      BEZ_AUDIT_WITNESS_BUCKET: "string",
      AXIOM_DATASET: "string",
      BEZ_WEB_ORIGINS: "list",
      BEZ_TRUSTED_PROXIES: "list",
    });
  });

  it("gives every function what its production configuration requires, in the form the runtime passes it", () => {
    const key = Buffer.alloc(32, 1).toString("base64");
    const secretValues: Record<SecretName, string> = {
      BEZ_KEKS: `k1:${key}`,
      BEZ_LINK_KEY: key,
      BEZ_AUDIT_KEY: key,
      REPLICATE_API_TOKEN: "r8_token",
      BEZ_SMTP_URL: "smtps://u:p@mail.example:465",
      BEZ_REDIS_URL: "rediss://u:p@redis.example:6380",
      AXIOM_TOKEN: "xaat-token",
    };
    // Params as deployed: strings as they are, list params as JSON arrays (firebase-tools serialises them so).
    const settings = {
      BEZ_ENV: "production",
      GCLOUD_PROJECT: "bez-prod",
      BEZ_PUBLIC_API_URL: "https://api.bez.example",
      BEZ_STORAGE_BUCKET: "bez-prod.firebasestorage.app",
      BEZ_AUDIT_WITNESS_BUCKET: "bez-prod-audit-witness",
      AXIOM_DATASET: "bez-api",
      BEZ_WEB_ORIGINS: '["https://bez.example"]',
      BEZ_TRUSTED_PROXIES: '["google-front-end"]',
    };
    for (const name of Object.keys(manifest.endpoints)) {
      const bound = secretsOf(name) as SecretName[];
      const env = { ...settings, ...Object.fromEntries(bound.map((s) => [s, secretValues[s]])) };
      const config = loadConfig(env, { secrets: bound });
      expect(config.webOrigins, name).toEqual(["https://bez.example"]);
      expect(config.trustedProxies, name).toBe("google-front-end");
      // And none of them can start without one of its own secrets.
      for (const secret of bound) {
        expect(() => loadConfig({ ...env, [secret]: undefined }, { secrets: bound }), `${name} without ${secret}`).toThrow(new RegExp(`\\b${secret}\\b`));
      }
    }
  });

  it("is built for the Node 22 runtime firebase.json deploys", async () => {
    const firebaseJson = JSON.parse(await readFile(join(repoRoot, "firebase.json"), "utf8")) as { functions: { runtime: string }[] };
    const distPkg = JSON.parse(await readFile(join(dist, "package.json"), "utf8")) as { engines: { node: string } };
    expect(firebaseJson.functions.map((f) => f.runtime)).toEqual(["nodejs22"]);
    expect(distPkg.engines.node).toBe("22");
  });
});
