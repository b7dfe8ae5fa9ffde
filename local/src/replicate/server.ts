/**
 * A Replicate-compatible HTTP server for local use and tests. The official `replicate` client works against it
 * unchanged (`new Replicate({ auth, baseUrl: "<url>", useFileOutput: false })`, where `url` ends in /v1).
 *
 *   POST /v1/models/{owner}/{name}/predictions   create by model        GET  /v1/predictions            list
 *   POST /v1/predictions  {version, …}           create by version      GET  /v1/predictions/{id}       get
 *   POST /v1/predictions/{id}/cancel             cancel                 GET  /v1/models/{owner}/{name}  model
 *   GET  /v1/webhooks/default/secret             {"key":"whsec_…"}      GET  /delivery/{token}/{file}   outputs (no token)
 *   POST|GET|DELETE /v1/_faults                  fault injection (local only)   GET /v1/_health (no token)
 *
 * Any non-empty bearer token is accepted; none is a 401 like Replicate's.
 */
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { FaultBook, FaultRequestSchema } from "./faults.ts";
import type { Fault } from "./faults.ts";
import { findModel, findVersion } from "./models/catalog.ts";
import type { LocalModel } from "./models/catalog.ts";
import { parseInput } from "./models/validation.ts";
import { OutputStore } from "./outputs.ts";
import { Predictions, WebhookEvents } from "./predictions.ts";
import type { WebhookEvent } from "./predictions.ts";
import { invalidInput, notFound, ReplicateProblem } from "./problems.ts";
import type { InvalidField } from "./problems.ts";
import { loadOrCreateSecret } from "./secret.ts";
import { DEFAULT_WEBHOOK_RETRY, WebhookSender } from "./webhooks.ts";
import type { WebhookRetryPolicy } from "./webhooks.ts";

export interface ReplicateServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Total time of one prediction; 0 for tests and benches. Default 2000. */
  latencyMs?: number;
  /** The webhook secret persists under <dataDir>/replicate; without one it is new on every start. */
  dataDir?: string | null;
  webhookRetry?: Partial<WebhookRetryPolicy>;
  /** How long inputs, outputs and output files are kept after completion (default an hour, like Replicate). */
  dataTtlMs?: number;
  /** Output bytes kept in memory at most; the oldest go first (default 512 MiB). */
  maxOutputBytes?: number;
  /** Operational messages (webhook failures, errors); default: stderr. */
  log?: (line: string) => void;
}

export interface ReplicateServer {
  /** The API base the client takes as `baseUrl`, e.g. http://127.0.0.1:8788/v1. */
  url: string;
  /** http://host:port */
  origin: string;
  /** The webhook signing secret (`whsec_…`). */
  secret: string;
  stop(): Promise<void>;
}

export const DEFAULT_LATENCY_MS = 2000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const CREATE_KEYS = new Set(["input", "webhook", "webhook_events_filter", "stream"]);

function send(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": `${type}; charset=utf-8`, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendProblem(res: ServerResponse, problem: ReplicateProblem): void {
  send(res, problem.status, problem.body(), "application/problem+json");
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ReplicateProblem(413, "Request body too large", "The request body is larger than 32 MB.");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ReplicateProblem(400, "Invalid JSON", "The request body is not valid JSON.");
  }
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw invalidInput([{ type: "invalid_type", field: "", description: "Invalid type. Expected: object" }]);
  }
  return body as Record<string, unknown>;
}

/** `Prefer: wait` or `Prefer: wait=n` (1–60 s): hold the create response until the prediction finishes. */
function preferWait(req: IncomingMessage): number | null {
  const match = /\bwait(?:=(\d+))?\b/.exec(String(req.headers.prefer ?? ""));
  if (!match) return null;
  return Math.min(60, Math.max(1, Number(match[1] ?? 60))) * 1000;
}

function parseEvents(value: unknown, problems: InvalidField[]): Set<WebhookEvent> {
  if (value === undefined) return new Set(WebhookEvents);
  if (!Array.isArray(value) || value.some((e) => typeof e !== "string" || !(WebhookEvents as readonly string[]).includes(e))) {
    problems.push({ type: "enum", field: "webhook_events_filter", description: `webhook_events_filter items must be one of the following: ${WebhookEvents.map((e) => JSON.stringify(e)).join(", ")}` });
    return new Set();
  }
  return new Set(value as WebhookEvent[]);
}

function parseWebhook(value: unknown, problems: InvalidField[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") {
    try {
      const url = new URL(value);
      if (url.protocol === "http:" || url.protocol === "https:") return value;
    } catch {
      // reported below
    }
  }
  problems.push({ type: "format", field: "webhook", description: "Does not match format 'uri'" });
  return null;
}

/** Resolves `version` as an id, "owner/name:id", or (official models) "owner/name". */
function resolveVersion(version: unknown): LocalModel {
  if (typeof version !== "string" || version === "") {
    throw invalidInput([{ type: "required", field: "", description: "version is required" }]);
  }
  const [ref, id] = version.includes(":") ? version.split(":", 2) : [null, version];
  let model: LocalModel | undefined;
  if (id && /^[0-9a-f]{64}$/.test(id)) model = findVersion(id);
  else if (ref === null && /^[\w.-]+\/[\w.-]+$/.test(version)) model = findModel(version.split("/")[0]!, version.split("/")[1]!);
  if (!model || (ref && ref !== `${model.owner}/${model.name}`)) {
    throw new ReplicateProblem(422, "Invalid version or not permitted", "The specified version does not exist (or perhaps you don't have permission to use it?)");
  }
  return model;
}

function modelJson(model: LocalModel, origin: string): Record<string, unknown> {
  return {
    url: `${origin}/v1/models/${model.owner}/${model.name}`,
    owner: model.owner,
    name: model.name,
    description: model.description,
    visibility: "public",
    github_url: null,
    paper_url: null,
    license_url: null,
    run_count: 0,
    cover_image_url: null,
    default_example: null,
    latest_version: versionJson(model),
  };
}

function versionJson(model: LocalModel): Record<string, unknown> {
  return { id: model.version, created_at: "2025-01-01T00:00:00.000Z", cog_version: "0.14.0", openapi_schema: null };
}

export async function startReplicateServer(options: ReplicateServerOptions = {}): Promise<ReplicateServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`[replicate] ${line}\n`));
  const secret = await loadOrCreateSecret(options.dataDir ?? null);
  const dataTtlMs = options.dataTtlMs ?? 60 * 60 * 1000;
  const outputs = new OutputStore(dataTtlMs, options.maxOutputBytes ?? 512 * 1024 * 1024);
  const webhooks = new WebhookSender(() => secret, { ...DEFAULT_WEBHOOK_RETRY, ...options.webhookRetry }, log);
  const faults = new FaultBook();
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port ?? 0, host }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}`;
  const predictions = new Predictions({ latencyMs: options.latencyMs ?? DEFAULT_LATENCY_MS, dataTtlMs, origin, outputs, webhooks });
  const sweeper = setInterval(() => predictions.expire(), Math.min(60_000, dataTtlMs));
  sweeper.unref();
  const closing = new AbortController();

  async function create(req: IncomingMessage, res: ServerResponse, model: LocalModel, body: Record<string, unknown>): Promise<void> {
    const problems: InvalidField[] = [];
    for (const key of Object.keys(body)) {
      if (!CREATE_KEYS.has(key) && key !== "version") problems.push({ type: "additional_property_not_allowed", field: "", description: `Additional property ${key} is not allowed` });
    }
    if (body.input === undefined) problems.push({ type: "required", field: "", description: "input is required" });
    const webhook = parseWebhook(body.webhook, problems);
    const events = parseEvents(body.webhook_events_filter, problems);
    if (problems.length > 0) throw invalidInput(problems);
    const run = model.prepare(body.input);
    const fault: Fault | null = faults.take(`${model.owner}/${model.name}`, model.version);
    if (fault?.mode === "create-5xx") {
      throw new ReplicateProblem(fault.status, "Internal Server Error", "Injected fault (create-5xx): the prediction was not created.");
    }
    if (fault?.mode === "slow-create") await delay(fault.delayMs, undefined, { signal: closing.signal });
    const prediction = predictions.create({ model, run, input: body.input, webhook, events, fault });
    const wait = preferWait(req);
    if (wait !== null) await predictions.waitFor(prediction, wait);
    send(res, 201, predictions.toJson(prediction));
  }

  async function deliver(res: ServerResponse, token: string, name: string, head: boolean): Promise<void> {
    const found = outputs.get(token, name);
    if (!found) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
      return;
    }
    if (found.delayMs > 0) await delay(found.delayMs, undefined, { signal: closing.signal });
    res.writeHead(200, { "content-type": found.file.contentType, "content-length": found.file.bytes.length, "cache-control": "private, max-age=3600" });
    res.end(head ? undefined : found.file.bytes);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    const parts = path.split("/").slice(1);

    if (parts[0] === "delivery" && parts.length === 3 && (method === "GET" || method === "HEAD")) {
      return deliver(res, parts[1]!, parts[2]!, method === "HEAD");
    }
    if (path === "/v1/_health" && method === "GET") return send(res, 200, { status: "ok" });
    if (parts[0] !== "v1") throw notFound();
    if (!/^(Bearer|Token)\s+\S+/i.test(req.headers.authorization ?? "")) {
      throw new ReplicateProblem(401, "Unauthenticated", "You did not pass a valid authentication token");
    }
    const allow = (...methods: string[]) => {
      if (!methods.includes(method)) throw new ReplicateProblem(405, "Method not allowed", `Method "${method}" not allowed.`);
    };

    // /v1/models/{owner}/{name}[/predictions | /versions/{id}]
    if (parts[1] === "models" && parts.length >= 4) {
      const model = findModel(parts[2]!, parts[3]!);
      if (!model) throw new ReplicateProblem(404, "Model not found", `The requested model ${parts[2]}/${parts[3]} does not exist (or perhaps you don't have permission to use it?)`);
      if (parts.length === 4) {
        allow("GET");
        return send(res, 200, modelJson(model, origin));
      }
      if (parts.length === 5 && parts[4] === "predictions") {
        allow("POST");
        return create(req, res, model, asObject(await readJson(req)));
      }
      if (parts.length === 6 && parts[4] === "versions" && parts[5] === model.version) {
        allow("GET");
        return send(res, 200, versionJson(model));
      }
      throw notFound();
    }
    if (parts[1] === "predictions") {
      if (parts.length === 2) {
        allow("GET", "POST");
        if (method === "POST") {
          const body = asObject(await readJson(req));
          return create(req, res, resolveVersion(body.version), body);
        }
        const page = 100;
        const offset = Number(Buffer.from(url.searchParams.get("cursor") ?? "", "base64url").toString() || 0) || 0;
        const all = predictions.list();
        const next = offset + page < all.length ? `${origin}/v1/predictions?cursor=${Buffer.from(String(offset + page)).toString("base64url")}` : null;
        return send(res, 200, { previous: null, next, results: all.slice(offset, offset + page).map((p) => predictions.toJson(p)) });
      }
      const prediction = predictions.get(parts[2] ?? "");
      if (!prediction) throw notFound();
      if (parts.length === 3) {
        allow("GET");
        return send(res, 200, predictions.toJson(prediction));
      }
      if (parts.length === 4 && parts[3] === "cancel") {
        allow("POST");
        predictions.cancel(prediction);
        return send(res, 200, predictions.toJson(prediction));
      }
      throw notFound();
    }
    if (path === "/v1/webhooks/default/secret") {
      allow("GET");
      return send(res, 200, { key: secret });
    }
    if (path === "/v1/_faults") {
      allow("GET", "POST", "DELETE");
      if (method === "DELETE") {
        faults.clear();
        res.writeHead(204).end();
        return;
      }
      if (method === "GET") return send(res, 200, { faults: faults.list() });
      const fault = faults.add(parseInput(FaultRequestSchema, await readJson(req)));
      return send(res, 201, fault);
    }
    throw notFound();
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof ReplicateProblem) return sendProblem(res, err);
      if (closing.signal.aborted) {
        res.destroy();
        return;
      }
      log(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendProblem(res, new ReplicateProblem(500, "Internal Server Error", "The server failed to handle the request."));
    });
  });

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      closing.abort();
      clearInterval(sweeper);
      predictions.stop();
      webhooks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      outputs.clear();
    })();
    return stopped;
  };
  return { url: `${origin}/v1`, origin, secret, stop };
}

