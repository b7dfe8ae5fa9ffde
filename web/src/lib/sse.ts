/**
 * A Server-Sent Events parser (the WHATWG "event stream interpretation"), for streams read with fetch():
 * EventSource cannot send an Authorization header, so the browser's own client is no use to us. Pure, so it can
 * be tested without a server.
 */
export interface SseMessage {
  /** `message` when the stream named no event. */
  event: string;
  data: string;
  /** The last event id seen so far on this stream ("" when none), for `Last-Event-ID` on reconnect. */
  lastEventId: string;
}

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private hasData = false;
  /** The reconnection delay the server asked for, in milliseconds (`retry:`), if any. */
  retryMs: number | null = null;
  lastEventId = "";

  /** Feeds decoded text; returns the messages completed by it. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    // Lines end in CRLF, LF or CR. A trailing CR may be the first half of a CRLF: keep it for the next chunk.
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) break;
      if (match[0] === "\r" && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === "") {
      if (!this.hasData) {
        this.event = "";
        return null;
      }
      const message = { event: this.event || "message", data: this.data.join("\n"), lastEventId: this.lastEventId };
      this.data = [];
      this.hasData = false;
      this.event = "";
      return message;
    }
    if (line.startsWith(":")) return null; // a comment (keep-alive)
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    switch (field) {
      case "event":
        this.event = value;
        break;
      case "data":
        this.data.push(value);
        this.hasData = true;
        break;
      case "id":
        if (!value.includes("\0")) this.lastEventId = value;
        break;
      case "retry":
        if (/^\d+$/.test(value)) this.retryMs = Number(value);
        break;
      default:
        break;
    }
    return null;
  }
}
