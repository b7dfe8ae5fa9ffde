import { z } from "zod";

export const HealthCheckState = z.enum(["ok", "down"]);
export const Health = z.object({
  ok: z.boolean(),
  version: z.string(),
  checks: z.record(z.string(), HealthCheckState),
});
export type Health = z.infer<typeof Health>;
