/** `bez logout`: forgets the stored token (revoking it is done in the web app). */
import type { Command } from "../command.ts";
import { configPath, removeConfig } from "../credentials.ts";
import { exitCodes } from "../exit-codes.ts";

export const logout: Command = {
  name: "logout",
  summary: "remove the stored token from this machine",
  help: `Usage: bez logout

Deletes <config dir>/config.json. The token itself stays valid until it expires:
revoke it in the web app (Settings → Access tokens) if it may have leaked.`,
  options: {},
  async run(ctx) {
    const removed = await removeConfig(ctx.env.configDir);
    const path = configPath(ctx.env.configDir);
    if (ctx.out.json) ctx.out.document({ removed, configPath: path });
    else ctx.out.line(removed ? `Signed out: removed ${path}. Revoke the token in Settings → Access tokens if it may have leaked.` : "Not signed in: nothing to remove.");
    return exitCodes.ok;
  },
};
