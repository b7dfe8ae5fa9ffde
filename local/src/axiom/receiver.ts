/**
 * A local stand-in for Axiom's ingest API (tests, and `npm run axiom-receiver` to watch what the API ships): `POST /v1/datasets/{dataset}/ingest` with `Authorization: Bearer <token>`,
 * NDJSON or JSON bodies, gzip or identity, answered with Axiom's ingest status. Its mode makes it misbehave: "down"
 * (every connection reset), "hang" (never answers), "error" (503s).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export type ReceiverMode = "up" | "down" | "hang" | "error";

export interface AxiomBatch {
  dataset: string;
  events: Record<string, unknown>[];
  /** The ingest options sent as query parameters (timestamp-field…). */
  query: Record<string, string>;
}

export interface AxiomReceiver {
  url: string;
  token: string;
  batches: AxiomBatch[];
  /** Ingest requests received and not answered yet ("hang"). */
  pending(): number;
  setMode(mode: ReceiverMode): void;
  stop(): Promise<void>;
}

export async function startAxiomReceiver(token = "xaat-test-token", options: { port?: number; onBatch?: (batch: AxiomBatch) => void } = {}): Promise<AxiomReceiver> {
  let mode: ReceiverMode = "up";
  const batches: AxiomBatch[] = [];
  const hanging = new Set<ServerResponse>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (mode === "down") {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? "/", "http://receiver");
    const match = /^\/v1\/datasets\/([^/]+)\/ingest$/.exec(url.pathname);
    if (req.method !== "POST" || !match?.[1]) return answer(res, 404, { message: "not found" });
    if (req.headers.authorization !== `Bearer ${token}`) return answer(res, 401, { message: "invalid token" });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (mode === "hang") {
      hanging.add(res);
      res.once("close", () => hanging.delete(res));
      return;
    }
    if (mode === "error") return answer(res, 503, { message: "unavailable" });
    let raw = Buffer.concat(chunks);
    if (req.headers["content-encoding"] === "gzip") raw = gunzipSync(raw);
    const text = raw.toString("utf8");
    const events = (req.headers["content-type"] ?? "").includes("ndjson")
      ? text.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>)
      : ([JSON.parse(text)].flat() as Record<string, unknown>[]);
    const batch = { dataset: decodeURIComponent(match[1]), events, query: Object.fromEntries(url.searchParams) };
    batches.push(batch);
    options.onBatch?.(batch);
    answer(res, 200, { ingested: events.length, failed: 0, failures: [], processedBytes: raw.length, blocksCreated: 0, walLength: 0 });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, 400, { message: "bad request" }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    batches,
    pending: () => hanging.size,
    setMode(next) {
      mode = next;
      if (next !== "hang") for (const res of hanging) res.destroy();
    },
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
