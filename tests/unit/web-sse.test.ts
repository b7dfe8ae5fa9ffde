/** The web app's SSE parser (fetch() streaming instead of EventSource, so the Bearer token can be sent). */
import { describe, expect, it } from "vitest";
import { SseParser } from "../../web/src/lib/sse.ts";

describe("SseParser", () => {
  it("parses named events, multi-line data, ids and retry, across arbitrary chunk boundaries", () => {
    const stream = 'retry: 2000\n\n: heartbeat\n\nid: 7\nevent: status\ndata: {"a":1,\ndata: "b":2}\n\nevent: status\ndata: last\n\n';
    for (const size of [1, 2, 3, 7, stream.length]) {
      const parser = new SseParser();
      const out = [];
      for (let i = 0; i < stream.length; i += size) out.push(...parser.push(stream.slice(i, i + size)));
      expect(out).toEqual([
        { event: "status", data: '{"a":1,\n"b":2}', lastEventId: "7" },
        { event: "status", data: "last", lastEventId: "7" },
      ]);
      expect(parser.retryMs).toBe(2000);
    }
  });

  it("accepts CRLF and CR line ends, even when a CRLF is split between chunks", () => {
    const parser = new SseParser();
    expect(parser.push("data: one\r")).toEqual([]);
    expect(parser.push("\n\r\n")).toEqual([{ event: "message", data: "one", lastEventId: "" }]);
    // A CR at the very end may be half of a CRLF: the block completes when the next byte shows it is not.
    expect(parser.push("data: two\r\r")).toEqual([]);
    expect(parser.push("data: three\n\n")).toEqual([
      { event: "message", data: "two", lastEventId: "" },
      { event: "message", data: "three", lastEventId: "" },
    ]);
  });

  it("ignores blocks without data, unknown fields, and ids containing NUL", () => {
    const parser = new SseParser();
    expect(parser.push("event: status\n\nfoo: bar\nid: a\0b\ndata\n\n")).toEqual([{ event: "message", data: "", lastEventId: "" }]);
  });
});
