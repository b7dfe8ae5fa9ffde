/** `bez generate`: one generation, waited for with a progress bar, outputs downloaded into a folder. */
import { resolve } from "node:path";
import { AspectRatio, CreateGenerationRequest, type Generation } from "@bez/sdk";
import { type Command, intOption, oneOf, stringOption } from "../command.ts";
import { usage } from "../errors.ts";
import { exitCodes } from "../exit-codes.ts";
import { downloadOutputs, readReference } from "../image-files.ts";
import { signedIn } from "../session.ts";
import { describeInvalid } from "../validation.ts";

export const generate: Command = {
  name: "generate",
  summary: "make images from a prompt (and a reference photo), wait, download them",
  help: `Usage: bez generate --preset ID [options] <prompt…>

Starts a generation, shows its progress, waits until it finishes and downloads
the images into --out (named <image id>.<png|jpg|webp>).

Options:
  --preset ID        the scene (see \`bez presets\`), required
  --prompt TEXT      the piece to show (or give it as the trailing words)
  --reference PATH   a PNG/JPEG/WebP photo of the piece (presets that need one)
  --aspect RATIO     1:1 (default), 4:5, 3:4, 16:9 or 9:16
  --count N          images to make, 1–4 (default 1)
  --seed N           repeat a result exactly
  --out DIR          where to save the images (default: the current folder)
  --no-wait          print the generation id and return at once
  --json             print the generation and saved files as JSON

Examples:
  bez generate --preset packshot-white "18k gold ring with a sapphire"
  bez generate --preset reference-background --reference ring.jpg --out shots "on white marble"`,
  options: {
    preset: { type: "string" },
    prompt: { type: "string" },
    reference: { type: "string" },
    aspect: { type: "string" },
    count: { type: "string" },
    seed: { type: "string" },
    out: { type: "string" },
    "no-wait": { type: "boolean" },
  },
  async run(ctx, values, positionals) {
    const prompt = stringOption(values, "prompt") ?? positionals.join(" ");
    const referencePath = stringOption(values, "reference");
    const input = {
      preset: stringOption(values, "preset"),
      prompt,
      aspectRatio: oneOf(values, "aspect", AspectRatio.options),
      count: intOption(values, "count", 1, 4),
      seed: intOption(values, "seed", 0, 2_147_483_647),
    };
    if (input.preset === undefined) throw usage("Choose a preset with --preset (see `bez presets`).");
    const checked = CreateGenerationRequest.safeParse(input);
    if (!checked.success) throw usage(describeInvalid(checked.error, input.preset));
    const reference = referencePath ? await readReference(resolve(referencePath)) : null;

    const { client } = await signedIn(ctx);
    const request = { ...checked.data };
    if (reference) request.referenceImageId = (await client.uploadImage(reference)).id;
    const accepted = await client.createGeneration(request);
    if (values["no-wait"] === true) {
      if (ctx.out.json) ctx.out.document({ generation: accepted, files: [] });
      else ctx.out.line(`Started ${accepted.id}. Follow it with \`bez get ${accepted.id}\`.`);
      return exitCodes.ok;
    }

    const progress = ctx.out.progress();
    let generation: Generation;
    try {
      generation = await client.waitForGeneration(accepted.id, { onUpdate: (u) => progress.update(u.progress ?? 0, `${u.status} ${accepted.id}`) });
    } finally {
      progress.done();
    }
    const files = generation.status === "succeeded" ? await downloadOutputs(client, generation, resolve(stringOption(values, "out") ?? "."), (_, imageId) => imageId) : [];
    if (ctx.out.json) ctx.out.document({ generation, files });
    if (generation.status !== "succeeded") {
      ctx.out.warn(`Generation ${generation.id} ${generation.status}${generation.error ? `: ${generation.error.message}` : ""}. Its quota was refunded.`);
      return exitCodes.failed;
    }
    for (const file of files) ctx.out.line(file);
    return exitCodes.ok;
  },
};
