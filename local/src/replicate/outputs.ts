/**
 * Output files, served at <origin>/delivery/<token>/<name> without a token (like replicate.delivery). Kept in
 * memory only — a reference photo of a real piece is composited into them, so they never touch the disk — and
 * removed after the time to live (an hour, like Replicate's API data) or, past a byte budget, oldest first.
 */

export interface OutputFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

interface Entry {
  files: Map<string, OutputFile>;
  size: number;
  expiresAt: number;
  /** slow-output fault: each download waits this long first. */
  delayMs: number;
}

export class OutputStore {
  // Insertion order is age order, which eviction relies on.
  private readonly entries = new Map<string, Entry>();
  private size = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxBytes: number,
  ) {}

  put(token: string, files: OutputFile[], delayMs: number): void {
    const size = files.reduce((sum, f) => sum + f.bytes.length, 0);
    this.entries.set(token, {
      files: new Map(files.map((f) => [f.name, f])),
      size,
      expiresAt: Date.now() + this.ttlMs,
      delayMs,
    });
    this.size += size;
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.maxBytes || oldest === token) break;
      this.remove(oldest, entry);
    }
  }

  get(token: string, name: string): { file: OutputFile; delayMs: number } | null {
    const entry = this.entries.get(token);
    if (!entry || entry.expiresAt <= Date.now()) return null;
    const file = entry.files.get(name);
    return file ? { file, delayMs: entry.delayMs } : null;
  }

  delete(token: string): void {
    const entry = this.entries.get(token);
    if (entry) this.remove(token, entry);
  }

  /** Drops expired entries. */
  sweep(now = Date.now()): void {
    for (const [token, entry] of this.entries) if (entry.expiresAt <= now) this.remove(token, entry);
  }

  clear(): void {
    this.entries.clear();
    this.size = 0;
  }

  private remove(token: string, entry: Entry): void {
    this.entries.delete(token);
    this.size -= entry.size;
  }
}
