/**
 * The ImageModel port on the official `replicate` client: the one code path for real Replicate and for the local
 * Replicate-compatible server (only `baseUrl` and the token differ).
 */
import Replicate from "replicate";
import { type CreatePrediction, type ImageModel, ImageModelError, type Prediction } from "../../ports.ts";

export interface ReplicateOptions {
  /** Includes /v1, e.g. https://api.replicate.com/v1. */
  baseUrl: string;
  token: string;
  /** Per-request time limit, so a hung upstream cannot hold a request open. */
  timeoutMs?: number;
}

type RawPrediction = {
  id: string;
  status: string;
  output?: unknown;
  error?: unknown;
  logs?: string | null;
  metrics?: { predict_time?: unknown } | null;
  started_at?: unknown;
  completed_at?: unknown;
};

function isRawPrediction(value: unknown): value is RawPrediction {
  const raw = value as Partial<RawPrediction> | null;
  return typeof raw === "object" && raw !== null && typeof raw.id === "string" && raw.id.length > 0 && typeof raw.status === "string";
}

function toPrediction(raw: RawPrediction): Prediction {
  const output = Array.isArray(raw.output) ? raw.output : raw.output ? [raw.output] : [];
  const status = (["starting", "processing", "succeeded", "failed", "canceled"] as const).find((s) => s === raw.status);
  // "aborted" (and anything newer) is terminal without output: treat it as failed.
  return {
    id: raw.id,
    status: status ?? "failed",
    output: output.filter((o): o is string => typeof o === "string"),
    error: raw.error == null ? null : String(raw.error),
    logs: raw.logs ?? null,
    ...modelSeconds(raw),
  };
}

/** Replicate's own measure of the run (metrics.predict_time), else the span between its start and completion. */
function modelSeconds(raw: RawPrediction): { modelSeconds?: number } {
  const measured = raw.metrics?.predict_time;
  if (typeof measured === "number" && Number.isFinite(measured) && measured >= 0) return { modelSeconds: measured };
  const started = typeof raw.started_at === "string" ? Date.parse(raw.started_at) : NaN;
  const completed = typeof raw.completed_at === "string" ? Date.parse(raw.completed_at) : NaN;
  return completed >= started ? { modelSeconds: (completed - started) / 1000 } : {};
}

function toModelError(err: unknown): ImageModelError {
  const status = (err as { response?: { status?: number } }).response?.status;
  if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
    return new ImageModelError("rejected", `the model refused the request (${status})`);
  }
  return new ImageModelError("unavailable", status ? `the model service answered ${status}` : "the model service is unreachable");
}

export function createReplicateModel(options: ReplicateOptions): ImageModel {
  const client = new Replicate({ auth: options.token, baseUrl: options.baseUrl, useFileOutput: false, userAgent: "bez-api" });
  const timeoutMs = options.timeoutMs ?? 15_000;
  let secret: string | null = null;

  async function call<T>(work: (signal: AbortSignal) => Promise<T>, limitMs = timeoutMs): Promise<T> {
    try {
      return await work(AbortSignal.timeout(limitMs));
    } catch (err) {
      throw toModelError(err);
    }
  }

  return {
    create: (request: CreatePrediction) =>
      call(async (signal) =>
        toPrediction(
          (await client.predictions.create({
            model: request.model,
            input: request.input,
            ...(request.webhookUrl ? { webhook: request.webhookUrl, webhook_events_filter: ["start", "completed"] } : {}),
            signal,
          })) as RawPrediction,
        ),
      ),
    get: (id) => call(async (signal) => toPrediction((await client.predictions.get(id, { signal })) as RawPrediction)),
    cancel: (id, options) =>
      call(async (signal) => toPrediction((await client.predictions.cancel(id, { signal })) as RawPrediction), options?.timeoutMs),
    async webhookSecret() {
      secret ??= (await call((signal) => client.webhooks.default.secret.get({ signal }))).key;
      return secret;
    },
    parsePrediction: (payload) => (isRawPrediction(payload) ? toPrediction(payload) : null),
    async ping() {
      // Not cached: health must notice when the service goes away.
      await call((signal) => client.webhooks.default.secret.get({ signal }));
    },
  };
}
