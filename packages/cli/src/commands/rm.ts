/** `bez rm`: deletes images; given a generation id, deletes its output images (canceling it if still running). */
import { terminalStatuses } from "@bez/sdk";
import type { Command } from "../command.ts";
import { usage } from "../errors.ts";
import { exitCodes } from "../exit-codes.ts";
import { confirm } from "../secret-input.ts";
import { signedIn } from "../session.ts";
import { findById } from "./get.ts";

export const rm: Command = {
  name: "rm",
  summary: "delete images (or a generation's images) for good",
  help: `Usage: bez rm <id…> [--yes]

Deletes images from the vault: gone from storage, not recoverable. Given a
generation id, deletes that generation's output images (canceling it first if it
is still running); the generation's record stays in your history.

Options:
  --yes     do not ask for confirmation (required when stdin is not a terminal)
  --json    print {"deleted":[image ids], "canceled":[generation ids]}`,
  options: { yes: { type: "boolean" } },
  async run(ctx, values, positionals) {
    if (positionals.length === 0) throw usage("Usage: bez rm <id…> (ids are listed by `bez ls images`).");
    if (values.yes !== true) {
      if (ctx.streams.stdin.isTTY !== true) throw usage("Deleting needs confirmation: pass --yes when running without a terminal.");
      if (!(await confirm(ctx.streams, `Delete ${positionals.length === 1 ? positionals[0] : `${positionals.length} items`} for good?`))) {
        ctx.out.line("Nothing deleted.");
        return exitCodes.ok;
      }
    }
    const { client } = await signedIn(ctx);
    const deleted: string[] = [];
    const canceled: string[] = [];
    for (const id of positionals) {
      const found = await findById(client, id);
      if (found.kind === "image") {
        await client.deleteImage(id);
        deleted.push(id);
        continue;
      }
      if (!terminalStatuses.includes(found.generation.status)) {
        await client.cancelGeneration(id);
        canceled.push(id);
      }
      // Canceling stops the outputs that were not made yet; the ones already made are listed now.
      const generation = await client.getGeneration(id);
      for (const output of generation.outputs) {
        await client.deleteImage(output.imageId);
        deleted.push(output.imageId);
      }
    }
    if (ctx.out.json) ctx.out.document({ deleted, canceled });
    else {
      for (const id of canceled) ctx.out.line(`canceled ${id}`);
      for (const id of deleted) ctx.out.line(`deleted ${id}`);
      if (deleted.length === 0 && canceled.length === 0) ctx.out.line("Nothing to delete.");
    }
    return exitCodes.ok;
  },
};
