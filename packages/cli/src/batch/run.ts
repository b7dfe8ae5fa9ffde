/**
 * Runs the batch's rows with bounded concurrency: per SKU, upload the reference, create the generation with an
 * Idempotency-Key derived from the row (so a crash between the POST and the journal cannot start a second one), wait
 * for it, download its outputs. Every step is journaled before the next. A 429 on creation pauses every worker, not
 * just the one refused; an account-wide refusal (token, quota, network) stops new rows. Ctrl-C (the signal) stops
 * new rows and abandons waits: the generations go on at the API and the next run picks them up.
 */
import { createHash } from "node:crypto";
import { access, mkdir } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { BezApiError, type BezClient, BezNetworkError, type RetryNotice } from "@bez/sdk";
import { CliError } from "../errors.ts";
import { downloadOutputs, uploadReference } from "../image-files.ts";
import type { BatchRow } from "./rows.ts";
import type { BatchState, RowState } from "./state.ts";

export type RowOutcome =
  | { sku: string; status: "done"; earlier: boolean; state: RowState }
  | { sku: string; status: "failed"; state: RowState }
  | { sku: string; status: "pending"; state: RowState | null };

export interface RunOptions {
  concurrency: number;
  outDir: string;
  signal: AbortSignal;
  onOutcome(outcome: RowOutcome, counts: Counts): void;
}

export interface Counts {
  total: number;
  done: number;
  failed: number;
  running: number;
}

export interface BatchResult {
  outcomes: RowOutcome[];
  /** What stopped new rows from starting (besides Ctrl-C), if anything. */
  fatal: unknown;
}

/** Codes that say the account cannot go on right now: no other row would fare better. */
const accountWide = new Set(["unauthenticated", "ip-locked", "forbidden", "processing-restricted", "quota-exceeded", "rate-limiter-unavailable", "id-token-required"]);

export function isAccountWide(error: unknown): boolean {
  if (error instanceof BezNetworkError) return true;
  return error instanceof BezApiError && (accountWide.has(error.code) || error.status >= 500);
}

/** The same row and attempt always send the same key: a replay returns the generation already made. */
export const idempotencyKey = (row: BatchRow, attempt: number) => `bez-batch-${createHash("sha256").update(`${row.fingerprint}:${attempt}`).digest("hex").slice(0, 40)}`;

/** Tells the runner about creation retries, so one 429 pauses every worker. */
export class CreationGate {
  private resumeAt = 0;

  observe(notice: RetryNotice): void {
    if (notice.method === "POST" && notice.path === "/v1/generations" && notice.error instanceof BezApiError && notice.error.status === 429) {
      this.resumeAt = Math.max(this.resumeAt, Date.now() + notice.delayMs);
    }
  }

  async pass(signal: AbortSignal): Promise<void> {
    while (Date.now() < this.resumeAt) await sleep(this.resumeAt - Date.now(), undefined, { signal });
  }
}

export async function runBatch(client: BezClient, gate: CreationGate, rows: BatchRow[], state: BatchState, options: RunOptions): Promise<BatchResult> {
  await mkdir(options.outDir, { recursive: true });
  const outcomes = new Map<string, RowOutcome>();
  const counts: Counts = { total: rows.length, done: 0, failed: 0, running: 0 };
  let fatal: unknown = null;
  const finish = (outcome: RowOutcome) => {
    outcomes.set(outcome.sku, outcome);
    if (outcome.status === "done") counts.done++;
    if (outcome.status === "failed") counts.failed++;
    options.onOutcome(outcome, counts);
  };

  // Rows finished in an earlier run are settled first, without taking a worker.
  const todo: BatchRow[] = [];
  for (const row of rows) {
    const previous = state.get(row.sku);
    if (previous?.status === "done" && (await allExist(previous.files))) finish({ sku: row.sku, status: "done", earlier: true, state: previous });
    else todo.push(row);
  }

  let next = 0;
  const worker = async () => {
    while (!options.signal.aborted && fatal === null && next < todo.length) {
      const row = todo[next++] as BatchRow;
      counts.running++;
      try {
        finish(await runRow(client, gate, row, state, options));
      } catch (error) {
        if (options.signal.aborted) break;
        if (isAccountWide(error)) {
          fatal ??= error;
          break;
        }
        const previous = state.get(row.sku);
        const failed = await state.set({ ...(previous ?? fresh(row, 1)), status: "failed", error: messageOf(error) });
        finish({ sku: row.sku, status: "failed", state: failed });
      } finally {
        counts.running--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, Math.max(1, todo.length)) }, worker));

  return {
    outcomes: rows.map((row) => outcomes.get(row.sku) ?? { sku: row.sku, status: "pending", state: state.get(row.sku) ?? null }),
    fatal,
  };
}

async function runRow(client: BezClient, gate: CreationGate, row: BatchRow, state: BatchState, options: RunOptions): Promise<RowOutcome> {
  const { signal } = options;
  const previous = state.get(row.sku);
  let current: Omit<RowState, "at">;
  if (!previous || previous.fingerprint !== row.fingerprint) current = fresh(row, 1);
  else if (previous.status === "failed") current = fresh(row, previous.attempt + 1);
  else current = previous;

  if (current.status === "done") {
    // Done before, but its files were moved or deleted: fetch them again.
    const generation = await client.getGeneration(current.generationId as string, signal);
    const files = await downloadOutputs(client, generation, options.outDir, stemFor(row), signal);
    return { sku: row.sku, status: "done", earlier: false, state: await state.set({ ...current, files }) };
  }
  if (row.referencePath && current.referenceImageId === null) {
    const referenceImageId = await uploadReference(client, row.referencePath, signal);
    current = await state.set({ ...current, status: "started", referenceImageId });
  }
  if (current.generationId === null) {
    await gate.pass(signal);
    const request = current.referenceImageId ? { ...row.request, referenceImageId: current.referenceImageId } : row.request;
    const accepted = await client.createGeneration(request, { idempotencyKey: idempotencyKey(row, current.attempt), signal });
    current = await state.set({ ...current, status: "created", generationId: accepted.id });
  }
  const generation = await client.waitForGeneration(current.generationId as string, { signal });
  if (generation.status !== "succeeded") {
    const error = generation.error ? `${generation.error.code}: ${generation.error.message}` : generation.status;
    return { sku: row.sku, status: "failed", state: await state.set({ ...current, status: "failed", error }) };
  }
  const files = await downloadOutputs(client, generation, options.outDir, stemFor(row), signal);
  const imageIds = generation.outputs.map((o) => o.imageId);
  return { sku: row.sku, status: "done", earlier: false, state: await state.set({ ...current, status: "done", imageIds, files, error: null }) };
}

function fresh(row: BatchRow, attempt: number): Omit<RowState, "at"> {
  return { sku: row.sku, fingerprint: row.fingerprint, attempt, status: "started", referenceImageId: null, generationId: null, imageIds: [], files: [], error: null };
}

/** SKU-1.png for one image; SKU-1-1.png, SKU-1-2.png… for several. */
const stemFor = (row: BatchRow) => (index: number) => (row.request.count === 1 ? row.stem : `${row.stem}-${index + 1}`);

async function allExist(paths: string[]): Promise<boolean> {
  const found = await Promise.all(paths.map((path) => access(path).then(() => true, () => false)));
  return found.every(Boolean);
}

function messageOf(error: unknown): string {
  if (error instanceof BezApiError) {
    const fields = (error.problem?.errors ?? []).map((e) => `${e.path}: ${e.message}`).join("; ");
    return `${error.code}: ${fields || error.message}`;
  }
  if (error instanceof CliError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
