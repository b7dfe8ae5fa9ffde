/**
 * The embedded store's append-only journal: one JSON line per commit, listing the full new state of every
 * document the commit wrote (or that it was deleted). Records are states, not operations, so replaying one
 * twice is harmless, which is what lets compaction snapshot memory while later commits are still queued.
 *
 * All disk work goes through one queue: consecutive appends are written together and fdatasync'd before
 * any of their promises resolve. A crash mid-append leaves an unterminated or unparseable tail; open()
 * drops it (those commits were never acknowledged). A bad line followed by good ones is real corruption
 * and open() refuses it. Any failed write is fatal: the journal then refuses everything, so memory can
 * never run on ahead of the disk unnoticed.
 */
import type { FileHandle } from "node:fs/promises";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { DocData } from "../../ports.ts";
import { StoreError } from "../../ports.ts";
import { decodeDocValue, encodeDocValue } from "../doc-value-json.ts";
import { isMap } from "./values.ts";

export const JOURNAL_FILE = "journal.jsonl";
const COMPACTION_FILE = "journal.jsonl.compacting";
/** Compaction writes the snapshot in chunks of about this many bytes. */
const WRITE_CHUNK = 1 << 20;

/** One document's new state; data null means deleted. */
export interface JournalEntry {
  path: string;
  data: DocData | null;
}

/** One entry as JSON text, for building a record line. */
export function encodeEntry(entry: JournalEntry): string {
  return JSON.stringify(entry.data === null ? { p: entry.path } : { p: entry.path, d: encodeDocValue(entry.data) });
}

/** A record line (without its newline) from encoded entries. */
export function recordLine(encodedEntries: readonly string[]): string {
  return `{"w":[${encodedEntries.join(",")}]}`;
}

function decodeRecord(json: unknown): JournalEntry[] {
  const writes = (json as { w?: unknown } | null)?.w;
  if (!Array.isArray(writes)) throw new Error("a record has no writes");
  return writes.map((write: { p?: unknown; d?: unknown }) => {
    if (typeof write?.p !== "string") throw new Error("a write has no path");
    if (write.d === undefined) return { path: write.p, data: null };
    const data = decodeDocValue(write.d);
    if (!isMap(data)) throw new Error("a document is not a map");
    return { path: write.p, data };
  });
}

/** The records of a journal file and how many leading bytes of it hold them. */
function parseJournal(bytes: Buffer, file: string): { records: JournalEntry[][]; validBytes: number } {
  const records: JournalEntry[][] = [];
  let validBytes = 0;
  let firstBadLine: number | null = null;
  let start = 0;
  for (let line = 1; start < bytes.length; line++) {
    const newline = bytes.indexOf(0x0a, start);
    if (newline === -1) break;
    let record: JournalEntry[] | null = null;
    try {
      record = decodeRecord(JSON.parse(bytes.toString("utf8", start, newline)));
    } catch {
      firstBadLine ??= line;
    }
    if (record !== null) {
      if (firstBadLine !== null) {
        throw new Error(`${file}: line ${firstBadLine} is corrupt yet later lines are intact; refusing to guess`);
      }
      records.push(record);
      validBytes = newline + 1;
    }
    start = newline + 1;
  }
  return { records, validBytes };
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Appends are batched together; other work runs alone; "last" (closing) runs even after a failure. */
type Work = { append: string } | { exclusive: () => Promise<void> } | { last: () => Promise<void> };

interface Task {
  work: Work;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class Journal {
  private readonly queue: Task[] = [];
  private draining = false;
  private failed: StoreError | null = null;
  private closing = false;
  private projectedSize: number;

  private constructor(
    private readonly dir: string,
    private readonly file: string,
    private handle: FileHandle,
    size: number,
  ) {
    this.projectedSize = size;
  }

  /** Opens (creating if needed) the journal in `dir`, dropping a torn tail, and returns its records. */
  static async open(dir: string): Promise<{ journal: Journal; records: JournalEntry[][] }> {
    await mkdir(dir, { recursive: true });
    const file = join(dir, JOURNAL_FILE);
    // Left by a compaction that crashed before its rename; the journal itself is intact.
    await rm(join(dir, COMPACTION_FILE), { force: true });
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return Buffer.alloc(0);
      throw error;
    });
    const { records, validBytes } = parseJournal(bytes, file);
    const handle = await open(file, "a");
    if (validBytes < bytes.length) {
      await handle.truncate(validBytes);
      await handle.datasync();
    }
    return { journal: new Journal(dir, file, handle, validBytes), records };
  }

  /** Why the journal stopped accepting writes, once it has. */
  get failure(): StoreError | null {
    return this.failed;
  }

  /** The journal's size once everything queued is written. */
  get size(): number {
    return this.projectedSize;
  }

  /** Appends a record line; resolves once it is on disk. */
  append(line: string): Promise<void> {
    const text = `${line}\n`;
    this.projectedSize += Buffer.byteLength(text);
    return this.enqueue({ append: text });
  }

  /** Atomically replaces the whole journal with these record lines (temp file, fsync, rename, fsync dir). */
  rewrite(lines: readonly string[]): Promise<void> {
    this.projectedSize = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
    return this.enqueue({ exclusive: () => this.replaceWith(lines) });
  }

  /** Waits for queued writes, then closes the file. */
  close(): Promise<void> {
    const closed = this.enqueue({ last: () => this.handle.close() });
    this.closing = true;
    return closed;
  }

  private enqueue(work: Work): Promise<void> {
    if (this.closing) return Promise.reject(new StoreError("unavailable", "the journal is closed"));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ work, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    for (let task = this.queue.shift(); task !== undefined; task = this.queue.shift()) {
      const { work } = task;
      if ("append" in work) {
        const group = [task];
        let text = work.append;
        for (let next = this.queue[0]; next !== undefined && "append" in next.work; next = this.queue[0]) {
          text += next.work.append;
          group.push(this.queue.shift() as Task);
        }
        await this.perform(group, () => this.writeAndSync(text));
      } else if ("exclusive" in work) {
        await this.perform([task], work.exclusive);
      } else {
        await work.last().then(task.resolve, task.reject);
      }
    }
    this.draining = false;
  }

  private async perform(tasks: Task[], work: () => Promise<void>): Promise<void> {
    if (this.failed === null) {
      try {
        await work();
        for (const task of tasks) task.resolve();
        return;
      } catch (error) {
        this.failed = new StoreError(
          "unavailable",
          `the journal in ${this.dir} could not be written (${(error as Error).message}); reopen the store`,
        );
        this.failed.cause = error;
      }
    }
    for (const task of tasks) task.reject(this.failed);
  }

  private async writeAndSync(text: string): Promise<void> {
    await this.handle.appendFile(text);
    await this.handle.datasync();
  }

  private async replaceWith(lines: readonly string[]): Promise<void> {
    const temp = join(this.dir, COMPACTION_FILE);
    const out = await open(temp, "w");
    try {
      let chunk = "";
      for (const line of lines) {
        chunk += `${line}\n`;
        if (chunk.length >= WRITE_CHUNK) {
          await out.appendFile(chunk);
          chunk = "";
        }
      }
      await out.appendFile(chunk);
      await out.datasync();
    } finally {
      await out.close();
    }
    await rename(temp, this.file);
    await syncDirectory(this.dir);
    const previous = this.handle;
    this.handle = await open(this.file, "a");
    await previous.close();
  }
}
