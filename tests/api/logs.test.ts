/**
 * The API's logs (API.md §5) against the real app: one Cloud Logging line per request (severity, message,
 * httpRequest, trace) naming the route pattern and never the raw path; fields outside the allow-list never reach a
 * line; the personal-data scan every API suite runs does catch a leak; and with AXIOM_* set the same lines reach a
 * local receiver speaking Axiom's ingest API, whose being down neither fails a request nor turns health 503.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Health } from "@bez/contracts";
import type { LogFields } from "../../functions/src/ports.ts";
import { createUser } from "../helpers/auth-emulator-client.ts";
import { type AxiomReceiver, startAxiomReceiver } from "../../local/src/axiom/receiver.ts";
import { startTestApi, type TestApi } from "../helpers/api-server.ts";
import { seedImages } from "../helpers/accounts.ts";
import { assertNoPersonalDataLogged, capturedLines, discardCapturedLines, findPersonalData, registerPersonal } from "../helpers/log-scan.ts";
import { testEmail } from "../helpers/staff.ts";

let api: TestApi;
let shipping: TestApi;
let receiver: AxiomReceiver;

beforeAll(async () => {
  receiver = await startAxiomReceiver();
  api = await startTestApi();
  shipping = await startTestApi({ AXIOM_TOKEN: receiver.token, AXIOM_DATASET: "bez-logs", AXIOM_URL: receiver.url });
});
afterAll(async () => {
  await api?.stop();
  await shipping?.stop();
  await receiver?.stop();
});

type Line = Record<string, unknown> & { httpRequest?: Record<string, unknown> };
const lineOf = (requestId: string | null): Line | undefined =>
  capturedLines()
    .map((l) => JSON.parse(l) as Line)
    .find((l) => l.requestId === requestId && l.httpRequest);

describe("request lines", () => {
  it("are Cloud Logging structured lines: severity, message, httpRequest, the trace of X-Cloud-Trace-Context", async () => {
    const trace = "0123456789abcdef0123456789abcdef";
    const response = await fetch(`${api.url}/v1/health/live`, { headers: { "x-cloud-trace-context": `${trace}/123456789;o=1` } });
    expect(response.status).toBe(200);
    const line = lineOf(response.headers.get("x-request-id"));
    expect(line).toMatchObject({
      severity: "INFO",
      message: "GET /v1/health/live 200",
      route: "/v1/health/live",
      method: "GET",
      status: 200,
      httpRequest: { requestMethod: "GET", requestUrl: "/v1/health/live", status: 200 },
      "logging.googleapis.com/trace": `projects/${api.config.projectId}/traces/${trace}`,
      "logging.googleapis.com/spanId": (123456789).toString(16).padStart(16, "0"),
      "logging.googleapis.com/trace_sampled": true,
    });
    expect(line?.httpRequest?.latency).toMatch(/^\d+\.\d{3}s$/);
    expect(typeof line?.latencyMs).toBe("number");
    expect(Date.parse(String(line?.time))).not.toBeNaN();
    expect(Object.keys(line ?? {}).sort()).toEqual(
      ["httpRequest", "latencyMs", "logging.googleapis.com/spanId", "logging.googleapis.com/trace", "logging.googleapis.com/trace_sampled", "message", "method", "requestId", "route", "severity", "status", "time"].sort(),
    );
  });

  it("name the route pattern, never the path: ids stay out", async () => {
    const user = await createUser(testEmail("paths"), "correct horse battery");
    const [imageId] = await seedImages(api.composition.deps, user.localId, 1);
    const response = await fetch(`${api.url}/v1/images/${imageId}`, { headers: { authorization: `Bearer ${user.idToken}` } });
    expect(response.status).toBe(200);
    const line = lineOf(response.headers.get("x-request-id"));
    expect(line).toMatchObject({ route: "/v1/images/:id", httpRequest: { requestUrl: "/v1/images/:id" } });
    expect(JSON.stringify(line)).not.toContain(String(imageId));
    const unknown = await fetch(`${api.url}/v1/nothing/here`, { headers: { authorization: `Bearer ${user.idToken}` } });
    expect(lineOf(unknown.headers.get("x-request-id"))).toMatchObject({ route: "(unmatched)", status: 404 });
  });

  it("ignore a malformed trace header rather than echo it", async () => {
    const response = await fetch(`${api.url}/v1/health/live`, { headers: { "x-cloud-trace-context": "jane@example.com" } });
    const line = lineOf(response.headers.get("x-request-id"));
    expect(line).toBeDefined();
    expect(Object.keys(line ?? {}).some((k) => k.startsWith("logging.googleapis.com"))).toBe(false);
  });
});

describe("the allow-list and the personal-data scan", () => {
  it("copies only allow-listed fields into a line, whatever a caller passes", () => {
    const from = capturedLines().length;
    const smuggled = { requestId: "r-1", email: "smuggled@example.test", uid: "uid-smuggled" } as LogFields;
    api.composition.deps.logger.warn("allow-list probe", smuggled);
    const [line] = discardCapturedLines(from);
    expect(JSON.parse(String(line))).toMatchObject({ severity: "WARNING", message: "allow-list probe", requestId: "r-1" });
    expect(line).not.toMatch(/smuggled/);
  });

  it("catches a real leak: a registered value, an email, an IP or a token in an allowed field fails the suite's check", () => {
    const from = capturedLines().length;
    const prompt = "18k rose gold ring with a leaked sapphire";
    registerPersonal(prompt);
    const logger = api.composition.deps.logger;
    logger.warn("leak probe", { error: prompt });
    logger.warn("leak probe", { reason: "written to someone@example.test" });
    logger.warn("leak probe", { reason: "from 203.0.113.9" });
    logger.warn("leak probe", { reason: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." });
    logger.warn("leak probe", { reason: "uploaded ring-photo.jpeg" });
    expect(findPersonalData(capturedLines().slice(from)).map((f) => f.kind)).toEqual(["registered value", "email", "ipv4", "id token", "file name"]);
    expect(() => assertNoPersonalDataLogged()).toThrow(/personal data in 5 API log line/);
    // Removed again so that this file's own afterAll check passes on everything else.
    discardCapturedLines(from);
    expect(() => assertNoPersonalDataLogged()).not.toThrow();
  });
});

describe("shipping to Axiom (a local receiver of its ingest API)", () => {
  it("sends the same lines in batches to the dataset, with nothing personal in them", async () => {
    const user = await createUser(testEmail("shipped"), "correct horse battery");
    const me = await fetch(`${shipping.url}/v1/me`, { headers: { authorization: `Bearer ${user.idToken}` } });
    expect(me.status).toBe(200);
    await shipping.composition.flushTelemetry();
    const events = receiver.batches.flatMap((b) => b.events);
    expect(receiver.batches.every((b) => b.dataset === "bez-logs")).toBe(true);
    const line = events.find((e) => e.requestId === me.headers.get("x-request-id"));
    expect(line).toMatchObject({ severity: "INFO", message: "GET /v1/me 200", route: "/v1/me", httpRequest: { status: 200 } });
    expect(findPersonalData(events.map((e) => JSON.stringify(e)))).toEqual([]);
    const health = Health.parse(await (await fetch(`${shipping.url}/v1/health`)).json());
    expect(health.checks.logs).toBe("ok");
    expect(health.logs).toEqual({ shipping: "axiom", dropped: 0, buffered: expect.any(Number) });
  });

  it("with the receiver down, requests still succeed, drops are counted, and health says degraded without a 503", async () => {
    receiver.setMode("down");
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${shipping.url}/v1/health/live`)));
      expect(answers.every((r) => r.status === 200)).toBe(true);
      // A flush stops at the first failed batch (the rest waits for the next tick), so flush until all are counted.
      const dropped = async () => {
        await shipping.composition.flushTelemetry();
        return Health.parse(await (await fetch(`${shipping.url}/v1/health`)).json()).logs?.dropped ?? 0;
      };
      await expect.poll(dropped, { timeout: 20_000 }).toBeGreaterThanOrEqual(20);
      const response = await fetch(`${shipping.url}/v1/health`);
      const health = Health.parse(await response.json());
      expect(health.checks.logs).toBe("degraded");
      expect(Object.entries(health.checks).filter(([name, state]) => name !== "logs" && state !== "ok")).toEqual([]);
      expect(response.status).toBe(200);
    } finally {
      receiver.setMode("up");
    }
  });

  it("with the receiver hanging, requests are answered while a batch waits unanswered", async () => {
    receiver.setMode("hang");
    try {
      await fetch(`${shipping.url}/v1/health/live`);
      void shipping.composition.flushTelemetry();
      await expect.poll(() => receiver.pending(), { timeout: 5000 }).toBeGreaterThan(0);
      const answers = await Promise.all(Array.from({ length: 10 }, () => fetch(`${shipping.url}/v1/health/live`)));
      expect(answers.every((r) => r.status === 200)).toBe(true);
      expect(receiver.pending()).toBeGreaterThan(0);
    } finally {
      receiver.setMode("up");
    }
  });

  it("without AXIOM_* the health answer has no log-sink entry", async () => {
    const health = Health.parse(await (await fetch(`${api.url}/v1/health`)).json());
    expect(health.checks.logs).toBeUndefined();
    expect(health.logs).toBeUndefined();
  });
});
