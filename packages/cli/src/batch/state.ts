/**
 * The batch's memory across runs: an append-only JSON-lines journal, one line per change of a SKU's state, the
 * last line for a SKU winning. Each step is recorded the moment it happens — above all the generation id right after
 * it is created — so an interrupted run resumes by waiting on that generation instead of starting another. A line
 * cut short by a crash is ignored.
 */
import { appendFile, readFile } from "node:fs/promises";
import { z } from "zod";

export const RowState = z.object({
  sku: z.string(),
  fingerprint: z.string(),
  /** Tries of this row; a failed row is tried again on the next run with a new attempt (and Idempotency-Key). */
  attempt: z.number().int().min(1),
  status: z.enum(["started", "created", "done", "failed"]),
  referenceImageId: z.string().nullable(),
  generationId: z.string().nullable(),
  imageIds: z.array(z.string()),
  files: z.array(z.string()),
  error: z.string().nullable(),
  at: z.string(),
});
export type RowState = z.infer<typeof RowState>;

export class BatchState {
  readonly path: string;
  private readonly rows: Map<string, RowState>;

  private constructor(path: string, rows: Map<string, RowState>) {
    this.path = path;
    this.rows = rows;
  }

  static async open(path: string): Promise<BatchState> {
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    // Close a line cut short by a crash, so the next record starts on a line of its own.
    if (text !== "" && !text.endsWith("\n")) await appendFile(path, "\n");
    const rows = new Map<string, RowState>();
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const state = RowState.parse(JSON.parse(line));
        rows.set(state.sku, state);
      } catch {
        // A line half-written when the process died.
      }
    }
    return new BatchState(path, rows);
  }

  get(sku: string): RowState | undefined {
    return this.rows.get(sku);
  }

  /** Records the row's new state (durably appended before this resolves). */
  async set(state: Omit<RowState, "at">): Promise<RowState> {
    const full: RowState = { ...state, at: new Date().toISOString() };
    await appendFile(this.path, `${JSON.stringify(full)}\n`, { mode: 0o600 });
    this.rows.set(full.sku, full);
    return full;
  }
}
