/** `bez login`: verifies a personal access token with GET /v1/me and stores it (0600) for later commands. */
import { personalAccessTokenPattern } from "@bez/contracts";
import type { Command } from "../command.ts";
import { defaultApiUrl } from "../config.ts";
import { loadConfig, saveConfig } from "../credentials.ts";
import { usage } from "../errors.ts";
import { exitCodes } from "../exit-codes.ts";
import { readSecret } from "../secret-input.ts";
import { newClient, normalizeApiUrl } from "../session.ts";

export const login: Command = {
  name: "login",
  summary: "store a personal access token (read from stdin, never from argv)",
  help: `Usage: bez login [--api-url URL] [--token-stdin]

Signs the CLI in with a personal access token. Create one in the web app
(Settings → Access tokens); it is shown once. The token is checked against the
API (GET /v1/me), then stored in <config dir>/config.json, readable only by you
(file 0600, directory 0700). The config dir is $BEZ_CONFIG_DIR, else
$XDG_CONFIG_HOME/bez, else ~/.config/bez.

On a terminal you are prompted and the token is not echoed. Scripts pipe it:

  printf '%s' "$TOKEN" | bez login --token-stdin --api-url https://api.example.com

Options:
  --api-url URL    the API to sign in to (default: BEZ_API_URL, the stored one,
                   or ${defaultApiUrl})
  --token-stdin    read the token from stdin without prompting
  --json           print the result as JSON

There is deliberately no --token flag: shells keep argv in their history.`,
  options: { "token-stdin": { type: "boolean" } },
  async run(ctx, values) {
    const apiUrl = normalizeApiUrl(ctx.apiUrlFlag ?? ctx.env.apiUrl ?? (await loadConfig(ctx.env.configDir).catch(() => null))?.apiUrl ?? defaultApiUrl);
    const token = await readSecret(ctx.streams, "Personal access token (Settings → Access tokens): ", { fromStdin: values["token-stdin"] === true });
    if (token === "") throw usage("No token given. Paste a personal access token (bez_pat_…), or pipe one with --token-stdin.");
    if (!personalAccessTokenPattern.test(token)) {
      throw usage("That is not a personal access token (they start with bez_pat_). Create one in the web app: Settings → Access tokens.");
    }
    const me = await newClient(ctx, apiUrl, token).me();
    const path = await saveConfig(ctx.env.configDir, { apiUrl, token });
    if (ctx.out.json) ctx.out.document({ apiUrl, uid: me.uid, email: me.email, configPath: path });
    else ctx.out.line(`Signed in to ${apiUrl} as ${me.email ?? me.uid}. Token stored in ${path} (readable only by you).`);
    return exitCodes.ok;
  },
};
