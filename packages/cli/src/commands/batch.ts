/** `bez batch <file.csv>`: a whole catalog, resumable, within the rate limits. */
import { basename, dirname, extname, join, resolve } from "node:path";
import { AspectRatio } from "@bez/sdk";
import { type Command, intOption, oneOf, stringOption } from "../command.ts";
import { explain, usage } from "../errors.ts";
import { exitCodes } from "../exit-codes.ts";
import { clip, table } from "../output.ts";
import { resultRows, summarize, writeResults } from "../batch/results.ts";
import { checkAgainstPresets, readRows } from "../batch/rows.ts";
import { CreationGate, type RowOutcome, runBatch } from "../batch/run.ts";
import { BatchState } from "../batch/state.ts";
import { signedIn } from "../session.ts";

/** The API's default in-flight limit per user: more workers would only wait on 429s. */
const defaultConcurrency = 4;

export const batch: Command = {
  name: "batch",
  summary: "generate a whole catalog from a CSV (resumable)",
  help: `Usage: bez batch <file.csv> [options]

Makes images for every row of a CSV and downloads them, a few at a time within
the API's rate limits (429 answers are waited out as Retry-After says).

CSV columns (a header row first; names are case-insensitive):
  sku          your product code; names the output files (<sku>.png, or
               <sku>-1.png, <sku>-2.png… when count > 1)
  preset       a preset id (see \`bez presets\`)
  prompt       the piece to show
  reference    path to a photo of the piece (relative to the CSV), for presets
               that need one; empty otherwise
  aspect_ratio, count, seed   optional, per row

Everything is checked before anything starts; problems are listed by line.

Resuming: progress is journaled per SKU in the state file as it happens. Run
the same command again after a Ctrl-C, a crash or failures: SKUs already done
are skipped, generations already started are waited on (never started twice),
failed SKUs are tried again. A SKU that is done stays done even if its row
changes: remove its lines from the state file to make it again.

Options:
  --out DIR          where images go (default: <csv name>-images/ beside the CSV)
  --concurrency N    generations at once, 1–16 (default ${defaultConcurrency}, the API's in-flight limit)
  --results FILE     results CSV (default: <csv name>.results.csv beside the CSV)
  --state FILE       state journal (default: <csv name>.bez-state.jsonl beside the CSV)
  --aspect RATIO     aspect ratio for rows that do not set one (default 1:1)
  --count N          images per row for rows that do not set one (default 1)
  --dry-run          check the CSV (and presets) and stop
  --json             newline-delimited JSON on stdout: one {"event":"row",…} per
                     finished SKU, then one {"event":"summary",…}

Results CSV columns: sku,status,generation_id,image_ids,files,error (status is
done, failed or pending; lists are separated by ";").

Exit codes: 0 all done, 6 some rows failed, 130 interrupted (run again to
resume), 2 invalid CSV, 3/5/7 as for every command.

Example:
  bez batch catalog.csv --out images/`,
  options: {
    out: { type: "string" },
    concurrency: { type: "string" },
    results: { type: "string" },
    state: { type: "string" },
    aspect: { type: "string" },
    count: { type: "string" },
    "dry-run": { type: "boolean" },
  },
  async run(ctx, values, positionals) {
    if (positionals.length !== 1) throw usage("Usage: bez batch <file.csv> (see `bez batch --help`).");
    const csvPath = resolve(positionals[0] as string);
    const stem = join(dirname(csvPath), basename(csvPath, extname(csvPath)));
    const concurrency = intOption(values, "concurrency", 1, 16) ?? defaultConcurrency;
    const rows = await readRows(csvPath, { aspectRatio: oneOf(values, "aspect", AspectRatio.options), count: intOption(values, "count", 1, 4) });

    const gate = new CreationGate();
    const { client } = await signedIn(ctx, { onRetry: (notice) => gate.observe(notice) });
    checkAgainstPresets(csvPath, rows, await client.presets());
    if (values["dry-run"] === true) {
      if (ctx.out.json) ctx.out.record({ event: "checked", rows: rows.length });
      else ctx.out.line(`${csvPath}: ${rows.length} rows, all valid.`);
      return exitCodes.ok;
    }

    const outDir = resolve(stringOption(values, "out") ?? `${stem}-images`);
    const resultsPath = resolve(stringOption(values, "results") ?? `${stem}.results.csv`);
    const state = await BatchState.open(resolve(stringOption(values, "state") ?? `${stem}.bez-state.jsonl`));
    const progress = ctx.out.progress();
    const report = (outcome: RowOutcome) => {
      if (ctx.out.json) {
        const { sku, status, state: s } = outcome;
        ctx.out.record({ event: "row", sku, status, earlier: outcome.status === "done" && outcome.earlier, generationId: s?.generationId ?? null, imageIds: s?.imageIds ?? [], files: s?.files ?? [], error: outcome.status === "failed" ? (s?.error ?? null) : null });
      } else if (!(outcome.status === "done" && outcome.earlier)) {
        const detail = outcome.status === "done" ? outcome.state.files.join(" ") : (outcome.state?.error ?? "");
        ctx.out.line(`${ctx.out.paint(outcome.status.padEnd(6), outcome.status === "done" ? "green" : "red")}  ${outcome.sku}  ${detail}`);
      }
    };

    // Ctrl-C: stop starting rows, abandon waits, keep everything journaled; a second Ctrl-C leaves at once.
    const interrupt = new AbortController();
    const onSigint = () => {
      if (interrupt.signal.aborted) process.exit(exitCodes.interrupted);
      ctx.out.warn("Interrupted: finishing the journal. Run the same command again to resume.");
      interrupt.abort();
    };
    process.on("SIGINT", onSigint);
    let result: Awaited<ReturnType<typeof runBatch>>;
    try {
      const earlier = rows.filter((row) => state.get(row.sku)?.status === "done").length;
      if (earlier > 0 && !ctx.out.json) ctx.out.line(`Resuming: ${earlier} of ${rows.length} SKUs were done in an earlier run.`);
      result = await runBatch(client, gate, rows, state, {
        concurrency,
        outDir,
        signal: interrupt.signal,
        onOutcome(outcome, counts) {
          progress.done();
          report(outcome);
          progress.update((counts.done + counts.failed) / counts.total, `${counts.done}/${counts.total} done · ${counts.running} running · ${counts.failed} failed`);
        },
      });
    } finally {
      process.off("SIGINT", onSigint);
      progress.done();
    }

    await writeResults(resultsPath, result.outcomes);
    const summary = summarize(result.outcomes);
    const interrupted = interrupt.signal.aborted;
    const fatal = result.fatal === null ? null : explain(result.fatal);
    if (ctx.out.json) {
      ctx.out.record({ event: "summary", ...summary, interrupted, error: fatal?.message ?? null, results: resultsPath, state: state.path, outDir });
    } else {
      ctx.out.line();
      ctx.out.line(table(["SKU", "STATUS", "GENERATION", "FILES / ERROR"], resultRows(result.outcomes).map(([sku, status, generation, , files, error]) => [sku ?? "", status ?? "", generation || "-", clip(files || error || "", 70)])));
      ctx.out.line();
      ctx.out.line(`${summary.total} SKUs: ${summary.done} done${summary.doneEarlier ? ` (${summary.doneEarlier} in earlier runs)` : ""}, ${summary.failed} failed, ${summary.pending} pending.`);
      ctx.out.line(`Results: ${resultsPath}`);
      if (summary.failed + summary.pending > 0) ctx.out.line(`Run \`bez batch ${positionals[0]}\` again to resume${summary.failed ? " and retry the failed SKUs" : ""}.`);
    }
    if (fatal) {
      ctx.out.warn(`Stopped: ${fatal.message}`);
      return fatal.exitCode;
    }
    if (interrupted) return exitCodes.interrupted;
    return summary.failed > 0 || summary.pending > 0 ? exitCodes.failed : exitCodes.ok;
  },
};
