/**
 * The `bez` CLI against the local stack, one command at a time: login (token from stdin, stored 0600), whoami,
 * presets, generate (with a reference photo), ls, get, rm, export's explanation, --json, help, exit codes and
 * messages for bad input — and that across all of them the CLI opens no connection to any host but the API's.
 */
import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GenerationList, ImageList, Me, Preset } from "@bez/contracts";
import { startGenerationStack, type GenerationStack } from "../helpers/generation-stack.ts";
import { swatch } from "../helpers/images.ts";
import { type CliUser, buildCli, newCliUser, removeUser, runCli } from "./cli-harness.ts";

let stack: GenerationStack;
let cli: Awaited<ReturnType<typeof buildCli>>;
let user: CliUser;
let apiHost: string;
const bez = (args: string[], options: Parameters<typeof runCli>[2] = {}) => runCli(cli.bin, args, { configDir: user.configDir, ...options });

beforeAll(async () => {
  [stack, cli] = await Promise.all([startGenerationStack({ latencyMs: 50 }), buildCli()]);
  apiHost = new URL(stack.api.url).host;
  user = await newCliUser(stack.api.url);
});
afterAll(async () => {
  await Promise.all([stack?.stop(), cli?.remove(), user && removeUser(user)]);
});

describe("help", () => {
  it("lists every command, the exit codes and the privacy promise", async () => {
    const run = await bez(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["login", "logout", "whoami", "presets", "generate", "ls", "get", "rm", "batch", "export"]) expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, "m"));
    expect(run.stdout).toMatch(/Exit codes:[\s\S]*130 +interrupted/);
    expect(run.stdout).toContain("No analytics");
  });

  it("explains each subcommand with its usage and options", async () => {
    for (const command of ["login", "logout", "whoami", "presets", "generate", "ls", "get", "rm", "batch", "export"]) {
      const run = await bez([command, "--help"]);
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(new RegExp(`^Usage: bez ${command}`));
      expect(run.stdout, command).toContain("--json");
    }
    expect((await bez(["batch", "--help"])).stdout).toMatch(/sku[\s\S]*preset[\s\S]*prompt[\s\S]*reference/);
  });

  it("answers no command, an unknown command and an unknown option with usage (exit 2)", async () => {
    expect((await bez([])).code).toBe(2);
    const unknown = await bez(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("bez --help");
    const option = await bez(["ls", "--colour"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--colour'[\s\S]*bez ls --help/);
  });
});

describe("signing in", () => {
  it("says to run `bez login` when there is no token (exit 3)", async () => {
    const run = await bez(["whoami"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("bez login");
    const json = await bez(["whoami", "--json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "not-signed-in", exitCode: 3 } });
  });

  it("refuses what is not an access token, and a token the API rejects", async () => {
    const notPat = await bez(["login", "--token-stdin", "--api-url", stack.api.url], { stdin: "hunter2\n" });
    expect(notPat.code).toBe(2);
    expect(notPat.stderr).toContain("Settings → Access tokens");
    const forged = `bez_pat_abc_${"A".repeat(43)}`;
    const rejected = await bez(["login", "--token-stdin", "--api-url", stack.api.url], { stdin: forged });
    expect(rejected.code).toBe(3);
    expect(rejected.stderr).toContain("bez login");
    await expect(stat(join(user.configDir, "config.json"))).rejects.toThrow();
  });

  it("verifies the token, stores it readable only by the user, and whoami uses it", async () => {
    const run = await bez(["login", "--token-stdin", "--api-url", stack.api.url], { stdin: `${user.token}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(stack.api.url);
    expect((await stat(user.configDir)).mode & 0o777).toBe(0o700);
    const file = join(user.configDir, "config.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ apiUrl: stack.api.url, token: user.token });

    const whoami = await bez(["whoami", "--json"]);
    expect(whoami.code).toBe(0);
    const body = JSON.parse(whoami.stdout) as { apiUrl: string; me: unknown };
    expect(body.apiUrl).toBe(stack.api.url);
    expect(Me.parse(body.me).uid).toBe(user.session.localId);
    expect((await bez(["whoami"])).stdout).toMatch(/today +\d+ of \d+ images/);
  });

  it("never sends the stored token to another API", async () => {
    const run = await bez(["whoami", "--api-url", "http://127.0.0.1:9"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`belongs to ${stack.api.url}`);
  });

  it("explains that export needs a signed-in session, and exports with an ID token", async () => {
    const run = await bez(["export"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("Settings → Export");
    expect(run.stderr).toContain("--id-token");
    const out = join(user.workDir, "export.zip");
    const withId = await bez(["export", "--out", out, "--json"], { env: { BEZ_ID_TOKEN: user.session.idToken } });
    expect(withId.code, withId.stderr).toBe(0);
    expect(JSON.parse(withId.stdout)).toMatchObject({ path: out });
    expect((await readFile(out)).subarray(0, 2).toString()).toBe("PK");
  });
});

describe("working with images", () => {
  it("lists presets, as a table and as JSON", async () => {
    const json = await bez(["presets", "--json"]);
    expect(json.code).toBe(0);
    const presets = Preset.array().parse(JSON.parse(json.stdout));
    expect(presets.map((p) => p.id)).toContain("packshot-white");
    const human = await bez(["presets"]);
    expect(human.stdout).toMatch(/^PRESET +ASPECT RATIOS/);
    expect(human.stdout).toMatch(/reference-background .*required/);
  });

  it("rejects an unknown preset and a bad count before sending anything (exit 2)", async () => {
    const preset = await bez(["generate", "--preset", "packshot-black", "gold ring"]);
    expect(preset.code).toBe(2);
    expect(preset.stderr).toContain('Unknown preset "packshot-black"');
    expect(preset.stderr).toContain("bez presets");
    const count = await bez(["generate", "--preset", "packshot-white", "--count", "9", "gold ring"]);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain("--count must be a whole number from 1 to 4");
    const missing = await bez(["generate", "--preset", "reference-background", "--reference", join(user.workDir, "nope.jpg"), "ring"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Reference image not found");
  });

  it("generates with a reference photo, waits and downloads; then ls, get and rm", async () => {
    const reference = join(user.workDir, "ring.jpg");
    await writeFile(reference, await swatch(96, 96).jpeg().toBuffer());
    const out = join(user.workDir, "shots");
    const run = await bez(["generate", "--preset", "reference-background", "--reference", reference, "--out", out, "--json", "on white marble"]);
    expect(run.code, run.stderr).toBe(0);
    const { generation, files } = JSON.parse(run.stdout) as { generation: { id: string; status: string; outputs: { imageId: string }[] }; files: string[] };
    expect(generation.status).toBe("succeeded");
    expect(files).toHaveLength(1);
    const imageId = generation.outputs[0]?.imageId as string;
    expect(files[0]).toMatch(new RegExp(`${imageId}\\.(png|jpg|webp)$`));
    expect(await readdir(out)).toEqual([files[0]?.split("/").pop()]);
    expect((await stat(files[0] as string)).size).toBeGreaterThan(100);

    const list = GenerationList.parse(JSON.parse((await bez(["ls", "--json"])).stdout));
    expect(list.items.map((g) => g.id)).toContain(generation.id);
    expect((await bez(["ls"])).stdout).toMatch(new RegExp(`${generation.id} +succeeded +reference-background`));
    const images = ImageList.parse(JSON.parse((await bez(["ls", "images", "--kind", "output", "--json"])).stdout));
    expect(images.items.map((i) => i.id)).toEqual([imageId]);

    const again = join(user.workDir, "again");
    const get = await bez(["get", generation.id, "--out", again]);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toContain("prompt: on white marble");
    expect(await readdir(again)).toHaveLength(1);
    const getImage = await bez(["get", imageId, "--out", again, "--format", "webp", "--json"]);
    expect(JSON.parse(getImage.stdout)).toMatchObject({ image: { id: imageId }, files: [join(again, `${imageId}.webp`)] });

    const unconfirmed = await bez(["rm", imageId]);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain("--yes");
    const removed = await bez(["rm", imageId, "--yes", "--json"]);
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ deleted: [imageId], canceled: [] });
    const gone = await bez(["get", imageId]);
    expect(gone.code).toBe(4);
    expect(gone.stderr).toContain("bez ls");
  });

  it("says so when the API cannot be reached (exit 7)", async () => {
    const run = await bez(["presets"], { env: { BEZ_TOKEN: user.token, BEZ_API_URL: "http://127.0.0.1:9" }, configDir: join(user.workDir, "empty") });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain("Could not reach http://127.0.0.1:9");
  }, 60_000);
});

describe("privacy", () => {
  it("opens connections only to the API's host and port, across every command", async () => {
    const log = join(user.workDir, "connections.ndjson");
    await writeFile(log, "");
    const configDir = join(user.workDir, "privacy-config");
    const traced = (args: string[], stdin?: string) =>
      runCli(cli.bin, args, {
        configDir,
        stdin,
        nodeArgs: ["--import", join(import.meta.dirname, "fixtures/record-connections.mjs")],
        env: { BEZ_TEST_CONNECTIONS_LOG: log },
      });
    const csv = join(user.workDir, "privacy.csv");
    await writeFile(csv, "sku,preset,prompt\nP-1,packshot-white,silver pearl necklace\nP-2,packshot-white,gold hoop earrings\n");
    const out = join(user.workDir, "privacy-out");

    expect((await traced(["login", "--token-stdin", "--api-url", stack.api.url], user.token)).code).toBe(0);
    expect((await traced(["whoami"])).code).toBe(0);
    expect((await traced(["presets"])).code).toBe(0);
    const generated = await traced(["generate", "--preset", "packshot-white", "--out", out, "--json", "rose gold ring"]);
    expect(generated.code, generated.stderr).toBe(0);
    const { generation } = JSON.parse(generated.stdout) as { generation: { id: string; outputs: { imageId: string }[] } };
    expect((await traced(["ls"])).code).toBe(0);
    expect((await traced(["ls", "images"])).code).toBe(0);
    expect((await traced(["get", generation.id, "--out", out])).code).toBe(0);
    expect((await traced(["rm", generation.outputs[0]?.imageId as string, "--yes"])).code).toBe(0);
    const batch = await traced(["batch", csv, "--out", out]);
    expect(batch.code, batch.stderr).toBe(0);
    expect((await traced(["logout"])).code).toBe(0);

    const entries = (await readFile(log, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as { kind: string; host: string | null; port: number | string | null });
    // The hook saw the CLI's traffic (so an empty log cannot pass for a clean one)…
    expect(entries.filter((e) => e.kind === "connect").length).toBeGreaterThanOrEqual(9);
    // …and every destination was the API.
    const destinations = new Set(entries.map((e) => (e.kind === "lookup" ? `lookup ${e.host}` : `${e.host}:${e.port}`)));
    expect([...destinations]).toEqual([apiHost]);
  });
});
