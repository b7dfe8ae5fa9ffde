/** `bez whoami`: who the token belongs to, on which API, and today's usage. */
import type { Command } from "../command.ts";
import { exitCodes } from "../exit-codes.ts";
import { describeTokenSource, signedIn } from "../session.ts";

export const whoami: Command = {
  name: "whoami",
  summary: "show the signed-in account, API and today's usage",
  help: `Usage: bez whoami [--json]

Shows the account the token belongs to, the API address, where the token came
from (the config file or BEZ_TOKEN) and how many images were made today out of
the daily quota.`,
  options: {},
  async run(ctx) {
    const session = await signedIn(ctx);
    const me = await session.client.me();
    const source = describeTokenSource(ctx, session);
    if (ctx.out.json) {
      ctx.out.document({ apiUrl: session.apiUrl, tokenSource: source, me });
      return exitCodes.ok;
    }
    ctx.out.line(`${me.email ?? "(no email)"}  ${ctx.out.paint(me.role, "dim")}`);
    ctx.out.line(`account   ${me.uid} (${me.status})`);
    ctx.out.line(`today     ${me.usage.generationsToday} of ${me.usage.dailyQuota} images`);
    ctx.out.line(`api       ${session.apiUrl}`);
    ctx.out.line(`token     ${source}`);
    return exitCodes.ok;
  },
};
