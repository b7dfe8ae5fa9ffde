/**
 * Fault injection (local only, `POST /v1/_faults`): each rule applies to the next `count` predictions it
 * matches, the first matching rule winning. `DELETE /v1/_faults` clears them all.
 */
import { z } from "zod";

export const FaultModes = ["fail", "hang", "create-5xx", "drop-webhook", "slow-output", "slow-create"] as const;
export type FaultMode = (typeof FaultModes)[number];

export const FaultRequestSchema = z.strictObject({
  mode: z.enum(FaultModes),
  count: z.number().int().min(1).max(100_000).default(1),
  match: z.strictObject({ model: z.string().min(1).optional(), version: z.string().min(1).optional() }).optional(),
  /** create-5xx: the status answered (default 500). */
  status: z.number().int().min(500).max(599).optional(),
  /** slow-output: how long each output download waits before its first byte; slow-create: how long the create call takes (default 5000). */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** fail: the prediction's error (default names the injected fault). */
  error: z.string().min(1).max(2000).optional(),
});
export type FaultRequest = z.infer<typeof FaultRequestSchema>;

export interface Fault {
  id: number;
  mode: FaultMode;
  remaining: number;
  match: { model?: string; version?: string };
  status: number;
  delayMs: number;
  error: string;
}

export class FaultBook {
  private faults: Fault[] = [];
  private nextId = 1;

  add(request: FaultRequest): Fault {
    const fault: Fault = {
      id: this.nextId++,
      mode: request.mode,
      remaining: request.count,
      match: request.match ?? {},
      status: request.status ?? 500,
      delayMs: request.delayMs ?? 5000,
      error: request.error ?? "Prediction failed: injected fault (mode fail)",
    };
    this.faults.push(fault);
    return fault;
  }

  /** Consumes one use of the first rule matching this prediction. */
  take(model: string, version: string): Fault | null {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.match.model || f.match.model === model) && (!f.match.version || f.match.version === version),
    );
    if (!fault) return null;
    fault.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
