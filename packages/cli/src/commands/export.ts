/**
 * `bez export`: the account's data as a ZIP. The API allows it only with a signed-in session (an ID token), never a
 * personal access token, so the CLI says so instead of trying with the stored token.
 */
import { resolve } from "node:path";
import { BezApiError, personalAccessTokenPattern } from "@bez/sdk";
import { type Command, stringOption } from "../command.ts";
import { CliError } from "../errors.ts";
import { exitCodes } from "../exit-codes.ts";
import { signedIn } from "../session.ts";

const needsSession =
  "Export needs a signed-in session, which an access token is not: use Settings → Export in the web app, or pass an ID token with --id-token or BEZ_ID_TOKEN.";

export const exportCommand: Command = {
  name: "export",
  summary: "download everything in the account as a ZIP (needs an ID token)",
  help: `Usage: bez export [--out FILE] [--id-token TOKEN]

Downloads the account's export (profile, generations with prompts, every image,
your activity) as a ZIP, streamed to disk.

The API allows export only in a signed-in session, not with a personal access
token. Use Settings → Export in the web app, or give a Firebase ID token of a
current session with BEZ_ID_TOKEN (preferred: it stays out of shell history) or
--id-token. ID tokens expire after an hour.

Options:
  --out FILE        where to save (default: bez-export-<date>.zip)
  --id-token TOKEN  a Firebase ID token (see above)
  --json            print {"path","bytes"}`,
  options: { out: { type: "string" }, "id-token": { type: "string" } },
  async run(ctx, values) {
    // Stored tokens are always access tokens (login accepts nothing else); BEZ_TOKEN may carry an ID token.
    const envToken = ctx.env.token && !personalAccessTokenPattern.test(ctx.env.token) ? ctx.env.token : null;
    const idToken = stringOption(values, "id-token") ?? ctx.env.idToken ?? envToken;
    if (!idToken) throw new CliError(needsSession, exitCodes.auth, "id-token-required");
    const session = await signedIn(ctx, { idToken });
    const path = resolve(stringOption(values, "out") ?? `bez-export-${new Date().toISOString().slice(0, 10)}.zip`);
    const saved = await session.client.exportAccount(path).catch((error: unknown) => {
      throw error instanceof BezApiError && error.code === "id-token-required" ? new CliError(needsSession, exitCodes.auth, "id-token-required") : error;
    });
    if (ctx.out.json) ctx.out.document({ path: saved.path, bytes: saved.bytes });
    else ctx.out.line(`Saved ${saved.path} (${saved.bytes} bytes).`);
    return exitCodes.ok;
  },
};
