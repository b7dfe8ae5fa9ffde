/**
 * `bez batch` against the local stack with the API's in-flight limit (4) and a tight creation rate (6 per 2 s, spent
 * by another client as the run starts, so a 429's Retry-After is honoured on the way): a 25-SKU catalog is interrupted with Ctrl-C, resumed, and ends with exactly
 * one generation per SKU — even for a SKU whose POST had gone out without being journaled — every output downloaded
 * and a correct results CSV. Also: failed rows are retried on the next run, and bad CSVs start nothing.
 */
import { mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BezClient, type Generation } from "../../packages/sdk/src/index.ts";
import { readRows } from "../../packages/cli/src/batch/rows.ts";
import { idempotencyKey } from "../../packages/cli/src/batch/run.ts";
import { startGenerationStack, type GenerationStack } from "../helpers/generation-stack.ts";
import { swatch } from "../helpers/images.ts";
import { type CliUser, buildCli, finished, newCliUser, removeUser, runCli, spawnCli } from "./cli-harness.ts";

let stack: GenerationStack;
let cli: Awaited<ReturnType<typeof buildCli>>;
const users: CliUser[] = [];

beforeAll(async () => {
  [stack, cli] = await Promise.all([
    startGenerationStack({
      latencyMs: 50,
      api: {
        BEZ_RATE_LIMITS: JSON.stringify({
          generations: { limit: 6, windowSeconds: 2 },
        }),
      },
    }),
    buildCli(),
  ]);
});
afterAll(async () => {
  await Promise.all([stack?.stop(), cli?.remove(), ...users.map(removeUser)]);
});

async function signedInUser(): Promise<CliUser> {
  const user = await newCliUser(stack.api.url);
  users.push(user);
  return user;
}

const bez = (user: CliUser, args: string[]) => runCli(cli.bin, args, { configDir: user.configDir, env: { BEZ_TOKEN: user.token, BEZ_API_URL: stack.api.url } });

async function allGenerations(user: CliUser): Promise<Generation[]> {
  const client = new BezClient({ apiUrl: stack.api.url, token: user.token });
  const all: Generation[] = [];
  for await (const generation of client.allGenerations()) all.push(generation);
  return all;
}

interface RowEvent {
  event: "row";
  sku: string;
  status: string;
  earlier: boolean;
  generationId: string | null;
  files: string[];
}

/**
 * Spends the user's creation rate for `ms`: POSTs naming a reference image that does not exist pass the rate limit
 * (one unit each) and are then refused 404, so no generation is made. Whatever the CLI creates meanwhile meets a 429.
 */
async function spendCreationRate(user: CliUser, ms: number): Promise<number> {
  const until = Date.now() + ms;
  let refused = 0;
  while (Date.now() < until) {
    const response = await fetch(`${stack.api.url}/v1/generations`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ preset: "reference-background", prompt: "spend", referenceImageId: "missing" }),
    });
    await response.body?.cancel();
    if (response.status === 429) refused++;
    else expect(response.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return refused;
}

const events = (stdout: string) => stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as RowEvent | { event: "summary"; [key: string]: unknown });

describe("a 25-SKU catalog", () => {
  it("is interrupted, resumed without duplicates, and ends with every image downloaded", async () => {
    const user = await signedInUser();
    const reference = join(user.workDir, "photos/ring.jpg");
    await mkdir(join(user.workDir, "photos"));
    await writeFile(reference, await swatch(96, 96).jpeg().toBuffer());
    const skus = Array.from({ length: 25 }, (_, i) => `RING-${String(i + 1).padStart(3, "0")}`);
    const lines = skus.map((sku, i) =>
      i % 8 === 3 ? `${sku},reference-background,"${sku} on white marble, soft light",photos/ring.jpg` : `${sku},packshot-white,${sku} 18k gold ring with a ${i % 2 ? "sapphire" : "ruby"},`,
    );
    const csv = join(user.workDir, "catalog.csv");
    await writeFile(csv, `SKU,Preset,Prompt,Reference image path\n${lines.join("\n")}\n`);
    const outDir = join(user.workDir, "catalog-images");

    // A run that died right after its POST, before journaling: the API has the generation, the journal does not.
    const rows = await readRows(csv, {});
    const early = rows.find((row) => row.sku === "RING-002");
    if (!early) throw new Error("no RING-002");
    const client = new BezClient({ apiUrl: stack.api.url, token: user.token });
    const orphan = await client.createGeneration(early.request, { idempotencyKey: idempotencyKey(early, 1) });

    // First run: Ctrl-C once eight SKUs are done.
    const child = spawnCli(cli.bin, ["batch", csv, "--json"], { configDir: user.configDir, env: { BEZ_TOKEN: user.token, BEZ_API_URL: stack.api.url } });
    const firstRun = finished(child);
    let done = 0;
    child.stdout?.on("data", (chunk: Buffer) => {
      done += (chunk.toString().match(/"event":"row","sku":"[^"]+","status":"done"/g) ?? []).length;
      if (done >= 8 && child.exitCode === null && !child.killed) child.kill("SIGINT");
    });
    // While the CLI starts, something else spends the creation rate: its first POSTs must wait out a 429.
    expect(await spendCreationRate(user, 2500)).toBeGreaterThan(0);
    const first = await firstRun;
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toContain("Run the same command again to resume");
    const firstSummary = events(first.stdout).at(-1) as Record<string, unknown>;
    expect(firstSummary).toMatchObject({ event: "summary", total: 25, interrupted: true });
    expect(firstSummary.done).toBeGreaterThanOrEqual(8);
    expect(firstSummary.pending).toBeGreaterThan(0);
    expect(await stat(join(user.workDir, "catalog.bez-state.jsonl"))).toBeTruthy();

    // Second run: picks up where the first stopped.
    const second = await bez(user, ["batch", csv, "--json"]);
    expect(second.code, second.stderr).toBe(0);
    const secondEvents = events(second.stdout);
    const rowEvents = secondEvents.filter((e): e is RowEvent => e.event === "row");
    expect(rowEvents.map((e) => e.sku).sort()).toEqual(skus);
    expect(rowEvents.every((e) => e.status === "done")).toBe(true);
    expect(rowEvents.filter((e) => e.earlier).length).toBe(firstSummary.done);
    expect(secondEvents.at(-1)).toMatchObject({ event: "summary", total: 25, done: 25, failed: 0, pending: 0, interrupted: false });
    // The creation rate was hit and waited out, not failed.
    expect(first.stderr).toMatch(/POST \/v1\/generations: rate limited, retrying in \d+ s/);

    // Exactly one generation per SKU, the orphaned POST included.
    const generations = await allGenerations(user);
    expect(generations).toHaveLength(25);
    const bySku = new Map(skus.map((sku) => [sku, generations.filter((g) => g.prompt.startsWith(`${sku} `))]));
    for (const [sku, found] of bySku) expect(found.map((g) => g.status), sku).toEqual(["succeeded"]);
    expect(bySku.get("RING-002")?.[0]?.id).toBe(orphan.id);

    // Every output on disk, named by SKU; the results CSV says the same.
    const files = (await readdir(outDir)).sort();
    expect(files).toEqual(skus.map((sku) => `${sku}.png`));
    for (const file of files) expect((await stat(join(outDir, file))).size).toBeGreaterThan(100);
    const results = parse(await readFile(join(user.workDir, "catalog.results.csv"), "utf8"), { columns: true }) as Record<string, string>[];
    expect(results.map((r) => r.sku)).toEqual(skus);
    for (const result of results) {
      const generation = bySku.get(result.sku as string)?.[0];
      expect(result).toEqual({
        sku: result.sku,
        status: "done",
        generation_id: generation?.id,
        image_ids: generation?.outputs.map((o) => o.imageId).join(";"),
        files: join(outDir, `${result.sku}.png`),
        error: "",
      });
    }

    // A third run has nothing left to do.
    const third = await bez(user, ["batch", csv]);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain("Resuming: 25 of 25 SKUs were done in an earlier run.");
    expect(third.stdout).toMatch(/25 SKUs: 25 done \(25 in earlier runs\), 0 failed, 0 pending\./);
    expect(await allGenerations(user)).toHaveLength(25);
  }, 120_000);
});

describe("failures and resumption", () => {
  it("reports a failed SKU (exit 6), then retries only it on the next run", async () => {
    const user = await signedInUser();
    const csv = join(user.workDir, "small.csv");
    await writeFile(csv, "sku,preset,prompt\nA-1,packshot-white,silver pearl necklace\n");
    await stack.fault("fail", 1);
    const first = await bez(user, ["batch", csv]);
    expect(first.code, first.stderr).toBe(6);
    expect(first.stdout).toMatch(/^failed +A-1 +model-failed/m);
    expect(first.stdout).toContain("again to resume and retry the failed SKUs");
    const results = await readFile(join(user.workDir, "small.results.csv"), "utf8");
    expect(results).toMatch(/^A-1,failed,\w+,,,model-failed/m);

    const second = await bez(user, ["batch", csv]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^done +A-1 /m);
    const generations = await allGenerations(user);
    expect(generations.map((g) => g.status).sort()).toEqual(["failed", "succeeded"]);
  });
});

describe("bad input", () => {
  it("names the missing columns (exit 2)", async () => {
    const user = await signedInUser();
    const csv = join(user.workDir, "columns.csv");
    await writeFile(csv, "sku,description\nA-1,ring\n");
    const run = await bez(user, ["batch", csv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing the columns preset, prompt");
    expect(run.stderr).toContain("sku,preset,prompt,reference");
  });

  it("lists every bad row by line and starts nothing", async () => {
    const user = await signedInUser();
    const csv = join(user.workDir, "rows.csv");
    await writeFile(
      csv,
      [
        "sku,preset,prompt,reference",
        "OK-1,packshot-white,gold ring,",
        "BAD-1,packshot-black,gold ring,",
        "BAD-2,packshot-white,,",
        "BAD-3,reference-background,ring on marble,missing.jpg",
        "OK-1,packshot-white,duplicate,",
      ].join("\n"),
    );
    const run = await bez(user, ["batch", csv, "--json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("4 problems; nothing was started");
    expect(run.stderr).toMatch(/line 3 \(BAD-1\): Unknown preset "packshot-black"/);
    expect(run.stderr).toMatch(/line 4 \(BAD-2\): prompt: Describe the piece/);
    expect(run.stderr).toMatch(/line 5 \(BAD-3\): reference image not found: .*missing\.jpg/);
    expect(run.stderr).toMatch(/line 6 \(OK-1\): this sku appears twice/);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: "usage", exitCode: 2 } });
    expect(await allGenerations(user)).toHaveLength(0);
  });

  it("checks rows against the API's presets, and --dry-run stops after checking", async () => {
    const user = await signedInUser();
    const csv = join(user.workDir, "presets.csv");
    await writeFile(csv, "sku,preset,prompt\nR-1,reference-background,ring on marble\n");
    const run = await bez(user, ["batch", csv]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("preset reference-background needs a reference photo");

    await writeFile(csv, "sku,preset,prompt\nR-1,packshot-white,ring\nR-2,macro-detail,ring\n");
    const dry = await bez(user, ["batch", csv, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("2 rows, all valid");
    expect(await allGenerations(user)).toHaveLength(0);
  });
});
