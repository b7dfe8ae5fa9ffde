/** Shared test plumbing: a server with the official client pointed at it, and polling until a status. */
import Replicate from "replicate";
import type { Prediction } from "replicate";
import { startReplicateServer } from "../../local/src/replicate/server.ts";
import type { ReplicateServer, ReplicateServerOptions } from "../../local/src/replicate/server.ts";

export interface TestReplicate {
  server: ReplicateServer;
  replicate: Replicate;
}

export async function startTestReplicate(options: ReplicateServerOptions = {}): Promise<TestReplicate> {
  const server = await startReplicateServer({ latencyMs: 0, log: () => {}, webhookRetry: { baseDelayMs: 20, timeoutMs: 2000 }, ...options });
  return { server, replicate: new Replicate({ auth: "test-token", baseUrl: server.url, useFileOutput: false }) };
}

const TERMINAL = ["succeeded", "failed", "canceled"];

/** Polls until the prediction is terminal, collecting every status seen on the way. */
export async function settle(replicate: Replicate, id: string, timeoutMs = 20_000): Promise<{ prediction: Prediction; seen: string[] }> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const prediction = await replicate.predictions.get(id);
    if (seen.at(-1) !== prediction.status) seen.push(prediction.status);
    if (TERMINAL.includes(prediction.status)) return { prediction, seen };
    if (Date.now() > deadline) throw new Error(`prediction ${id} still ${prediction.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** The status of a raw request, with its JSON body. */
export async function raw(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
