/** `bez ls`: generations (default) or images, newest first, one page or all of them. */
import type { Generation, ImageRecord } from "@bez/sdk";
import { ImageKind } from "@bez/sdk";
import { type Command, intOption, oneOf, stringOption } from "../command.ts";
import { usage } from "../errors.ts";
import { exitCodes } from "../exit-codes.ts";
import { clip, table } from "../output.ts";
import { signedIn } from "../session.ts";

export const ls: Command = {
  name: "ls",
  summary: "list generations or images, newest first",
  help: `Usage: bez ls [generations|images] [options]

Lists generations (the default) or images in the vault, newest first.

Options:
  --limit N       items per page, 1–100 (default 20)
  --cursor C      continue from a previous page (its nextCursor)
  --all           every item, all pages
  --kind KIND     images only: upload or output
  --json          print {"items":[...],"nextCursor":...}

Examples:
  bez ls
  bez ls images --kind output --all --json`,
  options: { limit: { type: "string" }, cursor: { type: "string" }, all: { type: "boolean" }, kind: { type: "string" } },
  async run(ctx, values, positionals) {
    const what = positionals[0] ?? "generations";
    if (positionals.length > 1 || (what !== "generations" && what !== "images")) throw usage("Usage: bez ls [generations|images] (see `bez ls --help`).");
    const limit = intOption(values, "limit", 1, 100);
    const cursor = stringOption(values, "cursor");
    const kind = oneOf(values, "kind", ImageKind.options);
    if (kind && what !== "images") throw usage("--kind applies to `bez ls images`.");
    const { client } = await signedIn(ctx);

    if (what === "images") {
      const page = values.all === true ? { items: await collect(client.allImages({ kind })), nextCursor: null } : await client.listImages({ limit, cursor, kind });
      if (ctx.out.json) ctx.out.document(page);
      else printImages(ctx.out.line.bind(ctx.out), page.items, page.nextCursor);
      return exitCodes.ok;
    }
    const page = values.all === true ? { items: await collect(client.allGenerations()), nextCursor: null } : await client.listGenerations({ limit, cursor });
    if (ctx.out.json) ctx.out.document(page);
    else printGenerations(ctx.out.line.bind(ctx.out), page.items, page.nextCursor);
    return exitCodes.ok;
  },
};

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

function printGenerations(line: (text: string) => void, items: Generation[], nextCursor: string | null): void {
  if (items.length === 0) return line("No generations yet. Start one with `bez generate`.");
  line(table(["ID", "STATUS", "PRESET", "IMAGES", "CREATED", "PROMPT"], items.map((g) => [g.id, g.status, g.preset, String(g.outputs.length), g.createdAt.slice(0, 19).replace("T", " "), clip(g.prompt, 48)])));
  if (nextCursor) line(`More: bez ls --cursor ${nextCursor}`);
}

function printImages(line: (text: string) => void, items: ImageRecord[], nextCursor: string | null): void {
  if (items.length === 0) return line("No images.");
  line(table(["ID", "KIND", "FORMAT", "SIZE", "CREATED", "GENERATION"], items.map((i) => [i.id, i.kind, i.format, `${i.width}×${i.height}`, i.createdAt.slice(0, 19).replace("T", " "), i.generationId ?? "-"])));
  if (nextCursor) line(`More: bez ls images --cursor ${nextCursor}`);
}
