/**
 * Predictions and their lifecycle: starting → processing (logs growing, progress lines) → succeeded, failed
 * or canceled, paced over the configured latency; webhooks for the events each prediction asked for, in order.
 * API data (input, output, output files) is removed an hour after completion, like Replicate's.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { Fault } from "./faults.ts";
import { deliveryToken, predictionId } from "./ids.ts";
import type { LocalModel, ModelRun, RenderedFile } from "./models/catalog.ts";
import type { OutputStore } from "./outputs.ts";
import { progressLine } from "./progress.ts";
import type { WebhookSender } from "./webhooks.ts";

export const WebhookEvents = ["start", "output", "logs", "completed"] as const;
export type WebhookEvent = (typeof WebhookEvents)[number];
export type Status = "starting" | "processing" | "succeeded" | "failed" | "canceled";

const TERMINAL = new Set<Status>(["succeeded", "failed", "canceled"]);
/** Records kept at most; the oldest finished ones go first. */
const MAX_RECORDS = 10_000;

export interface Prediction {
  id: string;
  model: LocalModel;
  input: unknown;
  logs: string;
  output: string[] | string | null;
  error: string | null;
  status: Status;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  dataRemoved: boolean;
  webhook: string | null;
  events: ReadonlySet<WebhookEvent>;
  fault: Fault | null;
  token: string | null;
  abort: AbortController;
  /** Deliveries of this prediction run one after another, so a receiver sees them in order. */
  deliveries: Promise<void>;
  waiters: Set<() => void>;
}

export interface NewPrediction {
  model: LocalModel;
  run: ModelRun;
  input: unknown;
  webhook: string | null;
  events: ReadonlySet<WebhookEvent>;
  fault: Fault | null;
}

export interface PredictionsOptions {
  /** Total time of one prediction. */
  latencyMs: number;
  /** How long input, output and files are kept after completion. */
  dataTtlMs: number;
  /** <origin>, for URLs. */
  origin: string;
  outputs: OutputStore;
  webhooks: WebhookSender;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function isTerminal(status: Status): boolean {
  return TERMINAL.has(status);
}

export class Predictions {
  private readonly records = new Map<string, Prediction>();

  constructor(private readonly options: PredictionsOptions) {}

  create(request: NewPrediction): Prediction {
    const prediction: Prediction = {
      id: predictionId(),
      model: request.model,
      input: request.input,
      logs: "",
      output: null,
      error: null,
      status: "starting",
      createdAt: Date.now(),
      startedAt: null,
      completedAt: null,
      dataRemoved: false,
      webhook: request.webhook,
      events: request.events,
      fault: request.fault,
      token: null,
      abort: new AbortController(),
      deliveries: Promise.resolve(),
      waiters: new Set(),
    };
    this.records.set(prediction.id, prediction);
    this.trim();
    void this.lifecycle(prediction, request.run);
    return prediction;
  }

  get(id: string): Prediction | undefined {
    return this.records.get(id);
  }

  /** Newest first. */
  list(): Prediction[] {
    return [...this.records.values()].reverse();
  }

  cancel(prediction: Prediction): void {
    if (isTerminal(prediction.status)) return;
    prediction.abort.abort();
    prediction.status = "canceled";
    prediction.completedAt = Date.now();
    this.changed(prediction);
    this.notify(prediction, "completed");
  }

  /** Resolves when the prediction finishes or after `ms`, whichever is first (`Prefer: wait`). */
  async waitFor(prediction: Prediction, ms: number): Promise<void> {
    if (isTerminal(prediction.status)) return;
    let wake = () => {};
    const finished = new Promise<void>((resolve) => (wake = resolve));
    const waiter = () => {
      if (isTerminal(prediction.status)) wake();
    };
    prediction.waiters.add(waiter);
    try {
      await Promise.race([finished, delay(ms, undefined, { ref: false })]);
    } finally {
      prediction.waiters.delete(waiter);
    }
  }

  toJson(prediction: Prediction): Record<string, unknown> {
    const { origin } = this.options;
    const done = prediction.completedAt !== null && prediction.startedAt !== null;
    return {
      id: prediction.id,
      model: `${prediction.model.owner}/${prediction.model.name}`,
      version: prediction.model.version,
      input: prediction.dataRemoved ? {} : prediction.input,
      logs: prediction.logs,
      output: prediction.dataRemoved ? null : prediction.output,
      data_removed: prediction.dataRemoved,
      error: prediction.error,
      status: prediction.status,
      source: "api",
      created_at: iso(prediction.createdAt),
      started_at: iso(prediction.startedAt),
      completed_at: iso(prediction.completedAt),
      urls: {
        get: `${origin}/v1/predictions/${prediction.id}`,
        cancel: `${origin}/v1/predictions/${prediction.id}/cancel`,
      },
      metrics: done
        ? {
            predict_time: ((prediction.completedAt ?? 0) - (prediction.startedAt ?? 0)) / 1000,
            total_time: ((prediction.completedAt ?? 0) - prediction.createdAt) / 1000,
          }
        : {},
    };
  }

  /** Removes API data older than the time to live. */
  expire(now = Date.now()): void {
    for (const prediction of this.records.values()) {
      if (prediction.dataRemoved || prediction.completedAt === null || prediction.completedAt + this.options.dataTtlMs > now) continue;
      prediction.dataRemoved = true;
      prediction.input = {};
      prediction.output = null;
      if (prediction.token) this.options.outputs.delete(prediction.token);
    }
    this.options.outputs.sweep(now);
  }

  stop(): void {
    for (const prediction of this.records.values()) prediction.abort.abort();
  }

  private trim(): void {
    if (this.records.size <= MAX_RECORDS) return;
    for (const [id, prediction] of this.records) {
      if (this.records.size <= MAX_RECORDS) break;
      if (!isTerminal(prediction.status)) continue;
      if (prediction.token) this.options.outputs.delete(prediction.token);
      this.records.delete(id);
    }
  }

  private changed(prediction: Prediction): void {
    for (const waiter of prediction.waiters) waiter();
  }

  private notify(prediction: Prediction, event: WebhookEvent): void {
    const { webhook } = prediction;
    if (!webhook || !prediction.events.has(event) || prediction.fault?.mode === "drop-webhook") return;
    // The body is the prediction as it is now, not when the delivery's turn comes.
    const body = JSON.stringify(this.toJson(prediction));
    const retry = event === "completed";
    prediction.deliveries = prediction.deliveries.then(() => this.options.webhooks.deliver({ url: webhook, body, retry }));
  }

  private async lifecycle(prediction: Prediction, run: ModelRun): Promise<void> {
    const { signal } = prediction.abort;
    const total = this.options.latencyMs;
    try {
      await delay(total * 0.2, undefined, { signal });
      prediction.status = "processing";
      prediction.startedAt = Date.now();
      prediction.logs = run.logHead;
      this.changed(prediction);
      this.notify(prediction, "start");

      // Rendering runs while the progress lines pace the rest of the latency.
      const produced = run.produce().then(
        (files) => ({ files, error: null }),
        (error: unknown) => ({ files: [] as RenderedFile[], error: error instanceof Error ? error.message : String(error) }),
      );
      const started = Date.now();
      const line = (done: number) => `${progressLine(done, run.steps, (Date.now() - started) / 1000)}\n`;
      prediction.logs += line(0);
      this.notify(prediction, "logs");
      for (let step = 1; step <= run.steps; step++) {
        await delay((total * 0.8) / run.steps, undefined, { signal });
        prediction.logs += line(step);
        this.notify(prediction, "logs");
      }
      if (prediction.fault?.mode === "hang") {
        // Stays processing until canceled.
        await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
      }
      const result = await Promise.race([produced, new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }))]);
      if (prediction.fault?.mode === "fail") throw new Error(prediction.fault.error);
      if (result.error) throw new Error(result.error);

      const token = deliveryToken();
      const files = result.files.map((file, i) => ({ name: `out-${i}.${file.extension}`, contentType: file.contentType, bytes: file.bytes }));
      this.options.outputs.put(token, files, prediction.fault?.mode === "slow-output" ? prediction.fault.delayMs : 0);
      prediction.token = token;
      const urls = files.map((file) => `${this.options.origin}/delivery/${token}/${file.name}`);
      prediction.output = prediction.model.output === "list" ? urls : (urls[0] ?? null);
      this.notify(prediction, "output");
      prediction.status = "succeeded";
      prediction.completedAt = Date.now();
      this.changed(prediction);
      this.notify(prediction, "completed");
    } catch (err) {
      if (signal.aborted) return;
      prediction.status = "failed";
      prediction.error = err instanceof Error ? err.message : String(err);
      prediction.logs += `Traceback (most recent call last):\n  ${prediction.error}\n`;
      prediction.completedAt = Date.now();
      this.changed(prediction);
      this.notify(prediction, "completed");
    }
  }
}
