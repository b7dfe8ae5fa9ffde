/** Exit codes, stable for scripts (also listed by `bez --help`). */
export const exitCodes = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  notFound: 4,
  rateLimited: 5,
  failed: 6,
  unreachable: 7,
  interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export const exitCodeHelp: readonly [ExitCode, string][] = [
  [exitCodes.ok, "success"],
  [exitCodes.unexpected, "unexpected error (a bug, or an answer the CLI did not expect)"],
  [exitCodes.usage, "bad usage or input: unknown option, invalid CSV, unknown preset, unreadable image"],
  [exitCodes.auth, "not signed in, token refused, or the action needs a signed-in session"],
  [exitCodes.notFound, "no such generation or image"],
  [exitCodes.rateLimited, "rate limit or daily quota reached (try again later)"],
  [exitCodes.failed, "a generation failed, or some batch rows failed"],
  [exitCodes.unreachable, "the API could not be reached"],
  [exitCodes.interrupted, "interrupted (Ctrl-C); a batch can be resumed by running it again"],
];
