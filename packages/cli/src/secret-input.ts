/** Reads a secret: typed at a hidden prompt on a terminal, or piped on stdin (never from argv, where shells keep it). */
import { CliError } from "./errors.ts";
import { exitCodes } from "./exit-codes.ts";
import type { Streams } from "./output.ts";

export async function readSecret(streams: Streams, prompt: string, options: { fromStdin: boolean }): Promise<string> {
  const { stdin } = streams;
  if (!options.fromStdin && stdin.isTTY === true && stdin.setRawMode) return hiddenPrompt(streams, prompt);
  let text = "";
  for await (const chunk of stdin) text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
  return text.trim();
}

function hiddenPrompt(streams: Streams, prompt: string): Promise<string> {
  const { stdin, stderr } = streams;
  stderr.write(prompt);
  stdin.setRawMode?.(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const finish = (error: CliError | null) => {
      stdin.off("data", onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write("\n");
      if (error) reject(error);
      else resolve(typed.trim());
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of typeof chunk === "string" ? chunk : chunk.toString("utf8")) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish(null);
        if (char === "\u0003") return finish(new CliError("Interrupted.", exitCodes.interrupted, "interrupted"));
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on("data", onData);
  });
}

/** Asks a yes/no question on a terminal; false on anything but y/yes. */
export function confirm(streams: Streams, question: string): Promise<boolean> {
  const { stdin, stderr } = streams;
  stderr.write(`${question} [y/N] `);
  stdin.resume();
  return new Promise((resolve) => {
    stdin.once("data", (chunk: Buffer | string) => {
      stdin.pause();
      resolve(/^\s*y(es)?\s*$/i.test(chunk.toString()));
    });
  });
}
