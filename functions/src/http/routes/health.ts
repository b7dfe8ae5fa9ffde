import { Router } from "express";
import type { Health } from "@bez/contracts";
import type { HealthCheck } from "../../ports.ts";

const checkTimeoutMs = 2000;

async function run(check: HealthCheck): Promise<"ok" | "down"> {
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

export function healthRoutes(checks: readonly HealthCheck[], version: string): Router {
  const router = Router();
  router.get("/v1/health", async (_req, res) => {
    const states = await Promise.all(checks.map(run));
    const body: Health = {
      ok: states.every((s) => s === "ok"),
      version,
      checks: Object.fromEntries(checks.map((c, i) => [c.name, states[i] ?? "down"])),
    };
    res.status(body.ok ? 200 : 503).json(body);
  });
  return router;
}
