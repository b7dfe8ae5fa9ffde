/**
 * GET /v1/health (deep: every dependency) and GET /v1/health/live (the process answers; no dependency touched).
 * Both are public, so the deep checks are cached per dependency and single-flight: however many strangers call,
 * a healthy dependency is probed at most once per `okMs`, a failing one at most once per `downMs` (short, so a
 * recovery shows quickly), and concurrent callers share the probe in flight.
 */
import { Router } from "express";
import type { Health } from "@bez/contracts";
import type { HealthCheck, LogSinkState } from "../../ports.ts";

const checkTimeoutMs = 2000;

export interface HealthCache {
  /** How long an "ok" stands: a dependency going down is reported within this. */
  okMs: number;
  /** How long a "down" stands. */
  downMs: number;
}

export const defaultHealthCache: HealthCache = { okMs: 15_000, downMs: 1000 };

type State = "ok" | "down";

async function run(check: HealthCheck): Promise<State> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), checkTimeoutMs);
  });
  try {
    await Promise.race([check.check(), timeout]);
    return "ok";
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

function cached(check: HealthCheck, cache: HealthCache): () => Promise<State> {
  let last: { state: State; until: number } | null = null;
  let probing: Promise<State> | null = null;
  return () => {
    if (last && performance.now() < last.until) return Promise.resolve(last.state);
    probing ??= run(check)
      .then((state) => {
        last = { state, until: performance.now() + (state === "ok" ? cache.okMs : cache.downMs) };
        return state;
      })
      .finally(() => {
        probing = null;
      });
    return probing;
  };
}

/**
 * `logSink` adds `checks.logs` and `logs` when log shipping is configured. A degraded sink leaves health 200: the
 * API serves every request without it (lines still reach Cloud Logging through stderr), and a 503 would have the
 * load balancer or an uptime check pull a working API over an observability outage.
 */
export function healthRoutes(
  checks: readonly HealthCheck[],
  version: string,
  cache: HealthCache = defaultHealthCache,
  logSink: () => LogSinkState | null = () => null,
): Router {
  const router = Router();
  const probes = checks.map((check) => cached(check, cache));
  router.get("/v1/health", async (_req, res) => {
    const states = await Promise.all(probes.map((probe) => probe()));
    const sink = logSink();
    const body: Health = {
      ok: states.every((s) => s === "ok"),
      version,
      checks: { ...Object.fromEntries(checks.map((c, i) => [c.name, states[i] ?? "down"])), ...(sink ? { logs: sink.state } : {}) },
      ...(sink ? { logs: { shipping: "axiom" as const, dropped: sink.dropped, buffered: sink.buffered } } : {}),
    };
    res.status(body.ok ? 200 : 503).json(body);
  });
  router.get("/v1/health/live", (_req, res) => {
    const body: Health = { ok: true, version, checks: {} };
    res.json(body);
  });
  return router;
}
