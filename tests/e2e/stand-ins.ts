/**
 * Local stand-ins for the analytics services, so a browser test can see what (if anything) leaves the browser:
 * PostHog's capture and flags endpoints, and Axiom's ingest API. Each records every request it gets.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";

export interface Received {
  method: string;
  path: string;
  authorization: string | null;
  /** The body decoded (PostHog gzips or base64-encodes batches), parsed as JSON when it is JSON. */
  body: unknown;
}

export interface StandIn {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

function decode(url: URL, raw: Buffer): unknown {
  let text = raw.toString("utf8");
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  if (gzipped || url.searchParams.get("compression") === "gzip-js") text = gunzipSync(raw).toString("utf8");
  else if (text.startsWith("data=")) text = Buffer.from(decodeURIComponent(text.slice(5)), "base64").toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

type Answer = (url: URL, body: unknown) => { status: number; body?: unknown };

async function start(answer: Answer): Promise<StandIn> {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      // Browsers preflight PostHog's JSON posts; the real service allows any origin.
      res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
      res.setHeader("Access-Control-Allow-Credentials", "true");
      res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "*");
      res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      if (req.method === "OPTIONS") return void res.writeHead(204).end();
      const decoded = decode(url, Buffer.concat(chunks));
      received.push({ method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization ?? null, body: decoded });
      const { status, body } = answer(url, decoded);
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the stand-in has no TCP port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** PostHog: `/e/`, `/i/v0/e/`, `/batch/` take events; `/flags` and `/decide` answer "no flags". */
export function startPostHogStandIn(): Promise<StandIn> {
  return start((url) =>
    /^\/(flags|decide)\/?$/.test(url.pathname)
      ? { status: 200, body: { featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false } }
      : { status: 200, body: { status: 1 } },
  );
}

/** Axiom: `POST /v1/datasets/{dataset}/ingest` answers as Axiom does; anything else is a 404. */
export function startAxiomStandIn(): Promise<StandIn> {
  return start((url, events) =>
    /^\/v1\/datasets\/[^/]+\/ingest$/.test(url.pathname)
      ? { status: 200, body: { ingested: Array.isArray(events) ? events.length : 1, failed: 0, failures: [], processedBytes: 0, blocksCreated: 0, walLength: 0 } }
      : { status: 404, body: { message: "not found" } },
  );
}
