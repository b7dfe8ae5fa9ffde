/**
 * The API wired to a local Replicate-compatible server, both in this process: the server from local/src/replicate
 * (offline renderer, signed webhooks, fault injection) and the real app from startTestApi pointing at it.
 */
import { startReplicateServer } from "../../local/src/replicate/server.ts";
import { startTestApi, type TestApi } from "./api-server.ts";

export type FaultMode = "fail" | "hang" | "create-5xx" | "drop-webhook" | "slow-output" | "slow-create";

export interface GenerationStack {
  api: TestApi;
  /** The model service's base URL (…/v1) and its host, which must never reach a client. */
  replicateUrl: string;
  replicateHost: string;
  secret: string;
  token: string;
  /** The next `count` predictions misbehave as `mode` (`delayMs` for the slow modes). */
  fault(mode: FaultMode, count?: number, delayMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startGenerationStack(options: { latencyMs: number; api?: Record<string, string> }): Promise<GenerationStack> {
  const replicate = await startReplicateServer({ port: 0, host: "127.0.0.1", latencyMs: options.latencyMs, log: () => {} });
  const token = "bez-test-token";
  let api: TestApi;
  try {
    api = await startTestApi({ BEZ_REPLICATE_URL: replicate.url, BEZ_REPLICATE_TOKEN: token, ...options.api });
  } catch (error) {
    await replicate.stop();
    throw error;
  }
  return {
    api,
    replicateUrl: replicate.url,
    replicateHost: new URL(replicate.url).host,
    secret: replicate.secret,
    token,
    async fault(mode, count = 1, delayMs) {
      // Generations still being dispatched (created by an earlier test) must not take the fault meant for the next one.
      await api.composition.drain();
      const response = await fetch(`${replicate.url}/_faults`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ mode, count, delayMs }),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`fault injection answered ${response.status}`);
    },
    async stop() {
      await api.stop();
      await replicate.stop();
    },
  };
}
