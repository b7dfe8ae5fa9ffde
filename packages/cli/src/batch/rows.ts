/**
 * The batch CSV: a header row, then one SKU per row. Columns sku, preset, prompt (required) and reference (a path
 * to a photo of the piece, relative to the CSV; required by presets that need one); optional aspect_ratio, count and
 * seed. Everything is checked before anything is sent, and every problem is reported with its line.
 */
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse } from "csv-parse/sync";
import { type AspectRatio, CreateGenerationRequest, type Preset } from "@bez/sdk";
import { usage } from "../errors.ts";
import { describeInvalid } from "../validation.ts";

export interface BatchRow {
  /** 1-based line in the file, for messages. */
  line: number;
  sku: string;
  request: CreateGenerationRequest;
  /** Absolute path of the reference photo, or null. */
  referencePath: string | null;
  /** A hash of everything that defines the row's work: a changed row is new work. */
  fingerprint: string;
  /** Output file names start with this (the SKU made safe for every file system). */
  stem: string;
}

const requiredColumns = ["sku", "preset", "prompt"] as const;
const columnAliases: Record<string, string> = {
  reference: "reference",
  reference_image: "reference",
  reference_image_path: "reference",
  reference_path: "reference",
  image: "reference",
  aspect: "aspect_ratio",
  aspect_ratio: "aspect_ratio",
  count: "count",
  seed: "seed",
  sku: "sku",
  preset: "preset",
  prompt: "prompt",
};
/** Problems listed before "and N more". */
const maxListed = 20;

export interface RowDefaults {
  aspectRatio?: AspectRatio;
  count?: number;
}

/** Reads and checks the file's shape and each row's fields (no network). */
export async function readRows(csvPath: string, defaults: RowDefaults): Promise<BatchRow[]> {
  let text: string;
  try {
    text = await readFile(csvPath, "utf8");
  } catch (error) {
    throw usage(`Cannot read ${csvPath} (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true }) as string[][];
  } catch (error) {
    throw usage(`${csvPath} is not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...body] = records;
  if (!header) throw usage(`${csvPath} is empty. The first row must name the columns: sku,preset,prompt,reference`);
  const columns = header.map((name) => columnAliases[name.toLowerCase().replace(/[\s-]+/g, "_")] ?? null);
  const missing = requiredColumns.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    throw usage(`${csvPath} is missing the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. The first row must name the columns: sku,preset,prompt,reference (reference is optional; aspect_ratio, count and seed too).`);
  }
  if (body.length === 0) throw usage(`${csvPath} has no rows after its header.`);

  const base = dirname(csvPath);
  const problems: string[] = [];
  const rows: BatchRow[] = [];
  const stems = new Map<string, string>();
  for (const [index, record] of body.entries()) {
    const line = index + 2;
    const cell = (name: string) => {
      const at = columns.indexOf(name);
      return at < 0 ? "" : (record[at] ?? "").trim();
    };
    const sku = cell("sku");
    const fail = (message: string) => problems.push(`line ${line}${sku ? ` (${sku})` : ""}: ${message}`);
    if (sku === "") {
      fail("the sku is empty");
      continue;
    }
    if (sku.length > 128) {
      fail("the sku is longer than 128 characters");
      continue;
    }
    const stem = sku.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "_");
    const clash = stems.get(stem.toLowerCase());
    if (clash !== undefined) {
      fail(clash === sku ? "this sku appears twice" : `this sku makes the same file names as ${clash}`);
      continue;
    }
    stems.set(stem.toLowerCase(), sku);
    const numberOrDefault = (name: string, fallback: number | undefined) => (cell(name) === "" ? fallback : /^\d+$/.test(cell(name)) ? Number(cell(name)) : Number.NaN);
    const preset = cell("preset");
    const parsed = CreateGenerationRequest.safeParse({
      preset,
      prompt: cell("prompt"),
      aspectRatio: cell("aspect_ratio") || defaults.aspectRatio,
      count: numberOrDefault("count", defaults.count),
      seed: numberOrDefault("seed", undefined),
    });
    if (!parsed.success) {
      fail(describeInvalid(parsed.error, preset).replace(/\n/g, "; "));
      continue;
    }
    const reference = cell("reference");
    const referencePath = reference === "" ? null : resolve(base, reference);
    const request = parsed.data;
    const fingerprint = createHash("sha256")
      .update(JSON.stringify([sku, request.preset, request.prompt, request.aspectRatio, request.count, request.seed ?? null, referencePath]))
      .digest("hex");
    rows.push({ line, sku, request, referencePath, fingerprint, stem });
  }
  await Promise.all(
    rows.map(async (row) => {
      if (row.referencePath === null) return;
      const found = await stat(row.referencePath).then((s) => s.isFile(), () => false);
      if (!found) problems.push(`line ${row.line} (${row.sku}): reference image not found: ${row.referencePath}`);
    }),
  );
  reportProblems(csvPath, problems);
  return rows;
}

/** Checks the rows against the presets the API offers (reference photo needed or refused, aspect ratios). */
export function checkAgainstPresets(csvPath: string, rows: BatchRow[], presets: Preset[]): void {
  const byId = new Map(presets.map((p) => [p.id, p]));
  const problems: string[] = [];
  for (const row of rows) {
    const preset = byId.get(row.request.preset);
    const fail = (message: string) => problems.push(`line ${row.line} (${row.sku}): ${message}`);
    if (!preset) fail(`preset "${row.request.preset}" is not offered by this API (see \`bez presets\`)`);
    else if (preset.needsReference && row.referencePath === null) fail(`preset ${preset.id} needs a reference photo: fill in the reference column`);
    else if (!preset.needsReference && row.referencePath !== null) fail(`preset ${preset.id} does not use a reference photo: leave the reference column empty or pick a reference-… preset`);
    else if (!preset.aspectRatios.includes(row.request.aspectRatio)) fail(`preset ${preset.id} offers aspect ratios ${preset.aspectRatios.join(", ")}, not ${row.request.aspectRatio}`);
  }
  reportProblems(csvPath, problems);
}

function reportProblems(csvPath: string, problems: string[]): void {
  if (problems.length === 0) return;
  const listed = problems.slice(0, maxListed).map((p) => `  ${p}`);
  if (problems.length > maxListed) listed.push(`  … and ${problems.length - maxListed} more`);
  throw usage(`${csvPath} has ${problems.length} problem${problems.length > 1 ? "s" : ""}; nothing was started:\n${listed.join("\n")}`);
}
