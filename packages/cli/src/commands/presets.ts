/** `bez presets`: what `generate` and `batch` accept as a preset. */
import type { Command } from "../command.ts";
import { exitCodes } from "../exit-codes.ts";
import { clip, table } from "../output.ts";
import { signedIn } from "../session.ts";

export const presets: Command = {
  name: "presets",
  summary: "list the presets (scenes) images can be made with",
  help: `Usage: bez presets [--json]

Lists preset ids with their aspect ratios and whether they need a reference
photo of the piece (--reference for generate, the reference column for batch).`,
  options: {},
  async run(ctx) {
    const { client } = await signedIn(ctx);
    const list = await client.presets();
    if (ctx.out.json) {
      ctx.out.document(list);
      return exitCodes.ok;
    }
    ctx.out.line(
      table(
        ["PRESET", "ASPECT RATIOS", "REFERENCE", "DESCRIPTION"],
        list.map((p) => [p.id, p.aspectRatios.join(" "), p.needsReference ? "required" : "-", clip(p.description, 60)]),
      ),
    );
    return exitCodes.ok;
  },
};
