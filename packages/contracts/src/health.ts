import { z } from "zod";

/** "degraded" is only ever the log sink's: it works, but events are being dropped (API.md §5). */
export const HealthCheckState = z.enum(["ok", "down", "degraded"]);
export const Health = z.object({
  ok: z.boolean(),
  version: z.string(),
  checks: z.record(z.string(), HealthCheckState),
  /**
   * Log shipping (Axiom), when configured: `checks.logs` says "ok" or "degraded" and this carries the counts. It never
   * turns `ok` false: requests are served whether or not their log lines leave the machine.
   */
  logs: z.object({ shipping: z.literal("axiom"), dropped: z.number().int(), buffered: z.number().int() }).optional(),
});
export type Health = z.infer<typeof Health>;
