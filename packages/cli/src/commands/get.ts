/** `bez get`: a generation (waited for on request, outputs downloaded) or an image (downloaded), by id. */
import { resolve } from "node:path";
import { BezApiError, type BezClient, type Generation, ImageFormat, type ImageWithLink } from "@bez/sdk";
import { type Command, intOption, oneOf, stringOption } from "../command.ts";
import { usage } from "../errors.ts";
import { exitCodes } from "../exit-codes.ts";
import { downloadOutputs } from "../image-files.ts";
import { signedIn } from "../session.ts";

export const get: Command = {
  name: "get",
  summary: "show a generation or image by id and download its image(s)",
  help: `Usage: bez get <id> [options]

Shows a generation and downloads its outputs, or downloads one image, into --out
(named <image id>.<png|jpg|webp>).

Options:
  --out DIR         where to save (default: the current folder)
  --no-download     only show the record
  --wait            for a generation still running: wait for it first
  --format FORMAT   images only: convert to png, jpeg or webp
  --width N         images only: resize to N pixels wide (64–4096)
  --json            print {"generation"|"image":…, "files":[…]}`,
  options: { out: { type: "string" }, "no-download": { type: "boolean" }, wait: { type: "boolean" }, format: { type: "string" }, width: { type: "string" } },
  async run(ctx, values, positionals) {
    if (positionals.length !== 1) throw usage("Usage: bez get <id> (ids are listed by `bez ls`).");
    const id = positionals[0] as string;
    const format = oneOf(values, "format", ImageFormat.options);
    const width = intOption(values, "width", 64, 4096);
    const dir = resolve(stringOption(values, "out") ?? ".");
    const download = values["no-download"] !== true;
    const { client } = await signedIn(ctx);

    const found = await findById(client, id);
    if (found.kind === "image") {
      const files = download ? [(await client.downloadImage(id, (ext) => resolve(dir, `${id}.${ext}`), { format, width })).path] : [];
      if (ctx.out.json) ctx.out.document({ image: found.image, files });
      else {
        ctx.out.line(`${found.image.id}  ${found.image.kind}  ${found.image.format} ${found.image.width}×${found.image.height}  ${found.image.createdAt}`);
        for (const file of files) ctx.out.line(file);
      }
      return exitCodes.ok;
    }

    let generation = found.generation;
    if (values.wait === true) {
      const progress = ctx.out.progress();
      generation = await client.waitForGeneration(id, { onUpdate: (u) => progress.update(u.progress ?? 0, u.status) }).finally(() => progress.done());
    }
    const files = download && generation.status === "succeeded" ? await downloadOutputs(client, generation, dir, (_, imageId) => imageId) : [];
    if (ctx.out.json) ctx.out.document({ generation, files });
    else {
      ctx.out.line(`${generation.id}  ${generation.status}  ${generation.preset} ${generation.aspectRatio}  ${generation.createdAt}`);
      ctx.out.line(`prompt: ${generation.prompt}`);
      if (generation.error) ctx.out.line(`error: ${generation.error.code}: ${generation.error.message}`);
      for (const file of files) ctx.out.line(file);
      if (!["succeeded", "failed", "canceled"].includes(generation.status)) ctx.out.line(`Still ${generation.status}: \`bez get ${id} --wait\` waits for it.`);
    }
    return generation.status === "failed" || generation.status === "canceled" ? exitCodes.failed : exitCodes.ok;
  },
};

type Found = { kind: "generation"; generation: Generation } | { kind: "image"; image: ImageWithLink };

/** Ids do not say what they name: a generation is looked for first, then an image. */
export async function findById(client: BezClient, id: string): Promise<Found> {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) throw usage(`Not an id: "${id}". Ids are listed by \`bez ls\` and \`bez ls images\`.`);
  try {
    return { kind: "generation", generation: await client.getGeneration(id) };
  } catch (error) {
    if (!(error instanceof BezApiError && error.status === 404)) throw error;
  }
  return { kind: "image", image: await client.getImage(id) };
}
