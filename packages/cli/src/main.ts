/** `bez`: finds the subcommand, parses its options, runs it, and turns failures into a message and an exit code. */
import { parseArgs } from "node:util";
import type { Command, OptionValues } from "./command.ts";
import { batch } from "./commands/batch.ts";
import { exportCommand } from "./commands/export.ts";
import { generate } from "./commands/generate.ts";
import { get } from "./commands/get.ts";
import { login } from "./commands/login.ts";
import { logout } from "./commands/logout.ts";
import { ls } from "./commands/ls.ts";
import { presets } from "./commands/presets.ts";
import { rm } from "./commands/rm.ts";
import { whoami } from "./commands/whoami.ts";
import type { Environment } from "./config.ts";
import { explain } from "./errors.ts";
import { exitCodeHelp, exitCodes } from "./exit-codes.ts";
import { Output, type Streams } from "./output.ts";
import pkg from "../package.json" with { type: "json" };

export const commands: readonly Command[] = [login, logout, whoami, presets, generate, ls, get, rm, batch, exportCommand];

const globalOptions = {
  json: { type: "boolean" },
  "api-url": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

const globalHelp = `Options for every command:
  --json           machine-readable output on stdout (see each command's help)
  --api-url URL    the API to talk to (default: BEZ_API_URL, or the one stored by login)
  -h, --help       help for bez or a command`;

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `bez ${pkg.version}: Bez product images from the command line

Usage: bez <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join("\n")}

${globalHelp}
  -v, --version    print the version

Environment:
  BEZ_TOKEN        a token to use instead of the stored one (not saved)
  BEZ_API_URL      the API address
  BEZ_ID_TOKEN     a Firebase ID token, for \`bez export\`
  BEZ_CONFIG_DIR   where config.json is kept (default $XDG_CONFIG_HOME/bez or ~/.config/bez)
  NO_COLOR         no colours

Exit codes:
${exitCodeHelp.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`).join("\n")}

Privacy: bez talks to the configured API and nothing else. No analytics, no
crash reports, no update checks.

Get started: create an access token in the web app (Settings → Access tokens),
then \`bez login\`. \`bez <command> --help\` explains each command.`;
}

export async function main(argv: string[], streams: Streams, env: Environment): Promise<number> {
  // The command is the first word that is not an option (or an option's value).
  const scan = parseArgs({ args: argv, options: globalOptions, strict: false, allowPositionals: true, tokens: true });
  const first = scan.tokens.find((token) => token.kind === "positional");
  const json = scan.values.json === true;
  const out = new Output(streams, { json, noColor: env.noColor });

  if (!first) {
    if (scan.values.version === true) out.streams.stdout.write(`${pkg.version}\n`);
    else if (scan.values.help === true) out.streams.stdout.write(`${mainHelp()}\n`);
    else {
      out.streams.stderr.write(`${mainHelp()}\n`);
      return exitCodes.usage;
    }
    return exitCodes.ok;
  }
  const command = commands.find((c) => c.name === first.value);
  if (!command) {
    const suggestion = commands.find((c) => c.name.startsWith(first.value.slice(0, 2)));
    return fail(out, { message: `Unknown command "${first.value}".${suggestion ? ` Did you mean \`bez ${suggestion.name}\`?` : ""} Run \`bez --help\` for the list.`, exitCode: exitCodes.usage, code: "usage" });
  }

  const rest = [...argv.slice(0, first.index), ...argv.slice(first.index + 1)];
  let values: OptionValues;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { ...globalOptions, ...command.options }, strict: true, allowPositionals: true }));
  } catch (error) {
    return fail(out, { message: `${(error as Error).message.replace(/\. To specify a positional argument.*$/s, ".")}\nRun \`bez ${command.name} --help\` for its options.`, exitCode: exitCodes.usage, code: "usage" });
  }
  if (values.help === true) {
    out.streams.stdout.write(`${command.help}\n\n${globalHelp}\n`);
    return exitCodes.ok;
  }
  const apiUrlFlag = typeof values["api-url"] === "string" ? values["api-url"] : null;
  try {
    return await command.run({ env, out, streams, apiUrlFlag }, values, positionals);
  } catch (error) {
    return fail(out, explain(error));
  }
}

function fail(out: Output, error: ReturnType<typeof explain>): number {
  if (out.json) out.document({ error: { code: error.code, message: error.message, exitCode: error.exitCode } });
  out.warn(`bez: ${error.message}`);
  return error.exitCode;
}
