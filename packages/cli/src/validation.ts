/** Readable messages for local validation against the contracts (before anything is sent). */
import { PresetId } from "@bez/sdk";
import type { z } from "zod";

/** `preset`: the value given, named in the message when it is not a preset. */
export function describeInvalid(error: z.ZodError, preset?: string): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join(".") || "input";
      if (field === "preset") return `Unknown preset "${preset ?? ""}". Use one of: ${PresetId.options.join(", ")} (see \`bez presets\`).`;
      return `${field}: ${issue.message}`;
    })
    .join("\n");
}
