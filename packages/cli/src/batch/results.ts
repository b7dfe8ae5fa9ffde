/** The batch's results CSV (one row per SKU, in the input's order) and its closing summary. */
import { randomBytes } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import type { RowOutcome } from "./run.ts";

export const resultColumns = ["sku", "status", "generation_id", "image_ids", "files", "error"] as const;

/** RFC 4180: quote a field when it holds a comma, quote, CR or LF; double the quotes inside. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function resultRows(outcomes: RowOutcome[]): string[][] {
  return outcomes.map((o) => [o.sku, o.status, o.state?.generationId ?? "", (o.state?.imageIds ?? []).join(";"), (o.state?.files ?? []).join(";"), o.status === "done" ? "" : (o.state?.error ?? "")]);
}

/** Writes the CSV whole (temporary file, then rename). Lists within a cell are separated by ";". */
export async function writeResults(path: string, outcomes: RowOutcome[]): Promise<void> {
  const lines = [resultColumns.join(","), ...resultRows(outcomes).map((row) => row.map(field).join(","))];
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temporary, `${lines.join("\r\n")}\r\n`);
  await rename(temporary, path);
}

export interface Summary {
  total: number;
  done: number;
  doneEarlier: number;
  failed: number;
  pending: number;
}

export function summarize(outcomes: RowOutcome[]): Summary {
  const count = (test: (o: RowOutcome) => boolean) => outcomes.filter(test).length;
  return {
    total: outcomes.length,
    done: count((o) => o.status === "done"),
    doneEarlier: count((o) => o.status === "done" && o.earlier),
    failed: count((o) => o.status === "failed"),
    pending: count((o) => o.status === "pending"),
  };
}
