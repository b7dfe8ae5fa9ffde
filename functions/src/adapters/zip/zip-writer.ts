/**
 * A streamed ZIP on archiver. Entries go in one at a time: `add` resolves only once archiver has taken the whole
 * entry, and a stream-sourced entry is pulled through pipes, so a slow reader of `stream` slows the writer down
 * instead of piling bytes up in memory.
 */
import { Readable } from "node:stream";
import archiver from "archiver";
import type { ArchiveWriter } from "../../ports.ts";

/** Views (no copies) of at most this size: each layer downstream then buffers a slice, not a whole read. */
const SLICE_BYTES = 256 * 1024;

function* slices(chunks: readonly Uint8Array[]): Generator<Uint8Array> {
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) yield chunk.subarray(at, Math.min(chunk.length, at + SLICE_BYTES));
  }
}

export function createZipWriter(): ArchiveWriter {
  const archive = archiver("zip", { zlib: { level: 6 } });
  // Any failure (a bad entry, or the reader going away) ends every pending and later add.
  const failed = new Promise<never>((_, reject) => {
    archive.once("error", reject);
    archive.once("close", () => reject(new Error("the archive was closed early")));
  });
  failed.catch(() => undefined);
  let finished = false;

  return {
    stream: archive,
    add(name, data, { compress }) {
      const taken = new Promise<void>((resolve) => archive.once("entry", () => resolve()));
      const source = typeof data === "string" ? Buffer.from(data, "utf8") : Readable.from(slices(data), { objectMode: false });
      archive.append(source, { name, store: !compress });
      return Promise.race([taken, failed]);
    },
    async finish() {
      if (finished) return;
      finished = true;
      const ended = new Promise<void>((resolve) => archive.once("end", () => resolve()));
      await Promise.race([archive.finalize(), failed]);
      await Promise.race([ended, failed]);
    },
  };
}
