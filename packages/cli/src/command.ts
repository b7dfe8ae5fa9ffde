/** The shape of one subcommand, and typed reads of its parsed options. */
import type { ParseArgsConfig } from "node:util";
import { usage } from "./errors.ts";
import type { ExitCode } from "./exit-codes.ts";
import type { Context } from "./session.ts";

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  name: string;
  /** One line for `bez --help`. */
  summary: string;
  /** The full `bez <name> --help` text (usage, options, examples). */
  help: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(ctx: Context, values: OptionValues, positionals: string[]): Promise<ExitCode>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function intOption(values: OptionValues, name: string, min: number, max: number): number | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw usage(`--${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  return value;
}

export function oneOf<T extends string>(values: OptionValues, name: string, allowed: readonly T[]): T | undefined {
  const text = stringOption(values, name);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) throw usage(`--${name} must be one of ${allowed.join(", ")}, not "${text}".`);
  return text as T;
}
