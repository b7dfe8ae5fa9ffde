/**
 * Sends one fuzz request exactly as generated (node:http, so the path is not normalised the way fetch's URL parser
 * would, repeated headers stay repeated, and any method or body goes), and checks the answer's invariants.
 */
import { Agent, request } from "node:http";
import { Problem } from "@bez/contracts";

export interface FuzzRequest {
  method: string;
  /** Raw request target: path and query, already percent-encoded where the case wants it. */
  target: string;
  /** In order; a name may repeat. */
  headers: [string, string][];
  body?: Uint8Array;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });
const timeoutMs = 15_000;

export function send(base: string, fuzz: FuzzRequest): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    // Framed by length whatever the method (node:http would otherwise send a GET's body unframed).
    const headers: Record<string, string | string[]> = fuzz.body === undefined ? {} : { "content-length": String(fuzz.body.length) };
    for (const [name, value] of fuzz.headers) {
      const existing = headers[name];
      headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    const req = request({ agent, hostname, port, method: fuzz.method, path: fuzz.target, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    // A server that answers early (413) and closes may cut the upload short: the answer, once in, is what counts.
    req.on("error", reject);
    req.end(fuzz.body === undefined ? undefined : Buffer.from(fuzz.body));
  });
}

/** A stack frame, a source path or a module path: none may reach a client. */
const leaks = [/\n\s+at\s/, /\bat [\w.<>$]+ \([^)]*:\d+:\d+\)/, /\.(ts|js|mjs|cjs):\d+/, /node_modules/, /\/(work|home|tmp|usr)\//, /functions\/src/, /\b(TypeError|RangeError|SyntaxError|ReferenceError)\b/];
const binaryTypes = /^(image\/|application\/zip)/;

function header(answer: Answer, name: string): string {
  const value = answer.headers[name];
  return Array.isArray(value) ? value.join(", ") : (value ?? "");
}

/** Every invariant of one answer; returns the violations (empty when it is sound). */
export function violations(fuzz: FuzzRequest, answer: Answer): string[] {
  const found: string[] = [];
  const requestId = header(answer, "x-request-id");
  if (answer.status >= 500) found.push(`status ${answer.status}`);
  if (!requestId) found.push("no X-Request-Id");
  const type = header(answer, "content-type");
  const text = binaryTypes.test(type) ? "" : answer.body.toString("utf8");
  for (const leak of leaks) if (leak.test(text)) found.push(`body leaks ${leak}`);
  const ok = answer.status >= 200 && answer.status < 300;
  // OPTIONS is answered by CORS alone; HEAD answers carry no body to check.
  if (!ok && fuzz.method !== "OPTIONS") {
    if (!/^application\/problem\+json/.test(type)) found.push(`content type ${JSON.stringify(type)} for ${answer.status}`);
    if (fuzz.method !== "HEAD") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        found.push("problem body is not JSON");
      }
      const problem = Problem.safeParse(parsed);
      if (parsed !== undefined && !problem.success) found.push("body is not a problem");
      if (problem.success) {
        if (problem.data.status !== answer.status) found.push(`problem.status ${problem.data.status} on a ${answer.status}`);
        if (problem.data.requestId !== requestId) found.push("problem.requestId differs from X-Request-Id");
        if (problem.data.type !== `https://bez.dev/problems/${problem.data.code}`) found.push("problem.type does not name its code");
      }
    }
  }
  return found;
}

/** One line describing a request, for failure messages (bodies shortened). */
export function describeRequest(fuzz: FuzzRequest): string {
  const body = fuzz.body === undefined ? "" : ` body(${fuzz.body.length}B)=${JSON.stringify(Buffer.from(fuzz.body.subarray(0, 160)).toString("latin1"))}`;
  const headers = fuzz.headers.map(([n, v]) => `${n}: ${v.length > 80 ? `${v.slice(0, 80)}…(${v.length})` : v}`).join(" | ");
  const target = fuzz.target.length > 200 ? `${fuzz.target.slice(0, 200)}…(${fuzz.target.length})` : fuzz.target;
  return `${fuzz.method} ${target} [${headers}]${body}`;
}
