/**
 * GET /v1/health is public, so it must stay cheap: the real app, given counting checks, probes each dependency at
 * most once per cache period however many callers arrive at once, and still reports a dependency that went down
 * once that period is over. GET /v1/health/live touches no dependency.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Health } from "@bez/contracts";
import { createApp } from "../../functions/src/http/app.ts";
import type { HealthCheck } from "../../functions/src/ports.ts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";

let api: TestApi;
const servers: Server[] = [];

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  await api?.stop();
});

/** A dependency whose probe takes `ms`, counts its calls, and can be switched off. */
function dependency(name: string, ms = 200) {
  const state = { calls: 0, up: true };
  const check: HealthCheck = {
    name,
    async check() {
      state.calls++;
      await sleep(ms);
      if (!state.up) throw new Error(`${name} is down`);
    },
  };
  return { check, state };
}

async function serve(checks: HealthCheck[], okMs: number): Promise<string> {
  const server = createServer(createApp({ ...api.composition.deps, healthChecks: checks, healthCache: { okMs, downMs: 0 } }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("GET /v1/health under load", () => {
  it("200 concurrent callers share one probe per dependency; a dependency down is reported once the cache period ends", async () => {
    const deps = ["store", "blobs", "redis", "auth", "model"].map((name) => dependency(name));
    const okMs = 3000;
    const url = await serve(
      deps.map((d) => d.check),
      okMs,
    );
    const burst = async () => Promise.all(Array.from({ length: 200 }, () => fetch(`${url}/v1/health`)));

    const first = await burst();
    const probedAt = Date.now();
    expect(first.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(Health.parse(await first[0]?.json())).toMatchObject({ ok: true, checks: { store: "ok", blobs: "ok", redis: "ok", auth: "ok", model: "ok" } });
    expect(deps.map((d) => d.state.calls)).toEqual([1, 1, 1, 1, 1]);

    // Within the period: answered from the cache, even though Redis has just gone down.
    deps[2]!.state.up = false;
    const cached = await burst();
    expect(Date.now() - probedAt).toBeLessThan(okMs);
    expect(cached.map((r) => r.status)).toEqual(Array(200).fill(200));
    expect(deps.map((d) => d.state.calls)).toEqual([1, 1, 1, 1, 1]);

    // After it: one fresh probe each, and the failing dependency is named.
    await sleep(okMs - (Date.now() - probedAt) + 50);
    const after = await burst();
    expect(after.map((r) => r.status)).toEqual(Array(200).fill(503));
    expect(Health.parse(await after[0]?.json())).toMatchObject({ ok: false, checks: { redis: "down", store: "ok", model: "ok" } });
    expect(deps.map((d) => d.state.calls)).toEqual([2, 2, 2, 2, 2]);

    // Liveness touches nothing.
    const live = await fetch(`${url}/v1/health/live`);
    expect(live.status).toBe(200);
    expect(Health.parse(await live.json())).toMatchObject({ ok: true, checks: {} });
    expect(deps.map((d) => d.state.calls)).toEqual([2, 2, 2, 2, 2]);
  });

  it("a failing dependency is re-probed once its short down period ends, so recovery shows at once", async () => {
    const redis = dependency("redis", 10);
    redis.state.up = false;
    const url = await serve([redis.check], 60_000);
    expect((await fetch(`${url}/v1/health`)).status).toBe(503);
    redis.state.up = true;
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    expect(redis.state.calls).toBe(2);
  });
});
