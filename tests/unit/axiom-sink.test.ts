/**
 * The Axiom sink against a local receiver speaking Axiom's ingest API over real HTTP: batches arrive with the token
 * and the dataset, and a receiver that is down, hangs or fails never blocks a write; the buffer stays bounded, each
 * attempt ends at its timeout, and every dropped event is counted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AxiomSink, createAxiomSink } from "../../functions/src/adapters/axiom/axiom-sink.ts";
import { type AxiomReceiver, startAxiomReceiver } from "../../local/src/axiom/receiver.ts";

let receiver: AxiomReceiver;
const sinks: AxiomSink[] = [];
const line = (n: number) => JSON.stringify({ severity: "INFO", message: `event ${n}`, time: new Date().toISOString(), n });

function sink(options: { maxBuffered?: number; batchSize?: number; timeoutMs?: number } = {}): AxiomSink {
  const created = createAxiomSink({ token: receiver.token, dataset: "bez-test", url: receiver.url, flushIntervalMs: 60_000, ...options });
  sinks.push(created);
  return created;
}

beforeAll(async () => {
  receiver = await startAxiomReceiver();
});
beforeEach(() => {
  receiver.setMode("up");
  receiver.batches.length = 0;
});
afterAll(async () => {
  receiver.setMode("up");
  await Promise.all(sinks.map((s) => s.close()));
  await receiver.stop();
});

describe("Axiom sink", () => {
  it("delivers buffered lines in batches to the dataset's ingest endpoint, with the time field named", async () => {
    const s = sink({ batchSize: 4 });
    for (let n = 0; n < 10; n++) s.write(line(n));
    await s.flush();
    const events = receiver.batches.flatMap((b) => b.events);
    expect(events.map((e) => e.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(receiver.batches.every((b) => b.dataset === "bez-test" && b.query["timestamp-field"] === "time")).toBe(true);
    expect(receiver.batches.every((b) => b.events.length <= 4)).toBe(true);
    expect(s.state()).toEqual({ state: "ok", dropped: 0, buffered: 0 });
  });

  it("a receiver that is down: writes return at once, the batch is dropped and counted, health degrades, then recovers", async () => {
    const s = sink({ timeoutMs: 500 });
    receiver.setMode("down");
    for (let n = 0; n < 5; n++) s.write(line(n));
    expect(s.state().buffered).toBe(5);
    await s.flush();
    expect(s.state()).toEqual({ state: "degraded", dropped: 5, buffered: 0 });
    receiver.setMode("up");
    s.write(line(5));
    await s.flush();
    expect(s.state()).toEqual({ state: "ok", dropped: 5, buffered: 0 });
    expect(receiver.batches.flatMap((b) => b.events).map((e) => e.n)).toEqual([5]);
  });

  it("a receiver that hangs: the attempt ends at its timeout, and the buffer never grows past its bound", async () => {
    const s = sink({ maxBuffered: 20, batchSize: 10, timeoutMs: 300 });
    receiver.setMode("hang");
    for (let n = 0; n < 10; n++) s.write(line(n));
    // The batch is on its way and unanswered; writes keep returning, up to the bound, then are dropped.
    await expect.poll(() => receiver.pending()).toBeGreaterThan(0);
    for (let n = 10; n < 60; n++) s.write(line(n));
    expect(s.state().buffered).toBe(20);
    expect(s.state().state).toBe("degraded");
    await s.flush();
    expect(s.state().dropped).toBeGreaterThanOrEqual(40);
  });

  it("a receiver answering 503: retried once by the client, then dropped and counted", async () => {
    const s = sink({ timeoutMs: 2000 });
    receiver.setMode("error");
    s.write(line(0));
    s.write("not json");
    await s.flush();
    expect(s.state()).toMatchObject({ state: "degraded", dropped: 2 });
  });
});
