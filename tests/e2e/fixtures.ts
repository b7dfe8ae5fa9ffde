/**
 * Shared fixtures: baseURL from the stack globalSetup started, and a watch on the browser console that fails a
 * test on any error — CSP violations included (reported both by Chromium and by a `securitypolicyviolation`
 * listener installed before any page script runs).
 */
import { test as base, expect, type ConsoleMessage } from "@playwright/test";

export interface ConsoleEntry {
  type: string;
  text: string;
  url: string;
}

export interface ConsoleWatch {
  entries: ConsoleEntry[];
  /** Declares an error this test expects (e.g. the 400 the Auth service answers to a wrong password). */
  allow(predicate: (entry: ConsoleEntry) => boolean): void;
}

const cspListener = `
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
      " at " + e.sourceFile + ":" + e.lineNumber);
  });
`;

export const test = base.extend<{ consoleWatch: ConsoleWatch }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  baseURL: async ({}, use) => {
    const url = process.env.BEZ_E2E_WEB_URL;
    if (!url) throw new Error("BEZ_E2E_WEB_URL is not set: run through playwright.config.ts (its globalSetup starts the stack)");
    await use(url);
  },
  consoleWatch: [
    async ({ page }, use, testInfo) => {
      const entries: ConsoleEntry[] = [];
      const allowed: Array<(entry: ConsoleEntry) => boolean> = [];
      await page.addInitScript(cspListener);
      page.on("console", (msg: ConsoleMessage) => {
        if (msg.type() === "error" || msg.type() === "warning") {
          entries.push({ type: msg.type(), text: msg.text(), url: msg.location().url });
        }
      });
      page.on("pageerror", (err) => entries.push({ type: "pageerror", text: String(err), url: page.url() }));
      await use({ entries, allow: (p) => allowed.push(p) });
      const errors = entries.filter((e) => e.type !== "warning" && !allowed.some((p) => p(e)));
      if (entries.length && process.env.BEZ_E2E_PRINT_CONSOLE) {
        process.stderr.write(`console of "${testInfo.title}":\n${entries.map((e) => `  [${e.type}] ${e.text}`).join("\n")}\n`);
      }
      if (entries.length) {
        await testInfo.attach("console.json", { body: JSON.stringify(entries, null, 2), contentType: "application/json" });
      }
      expect(errors, "console errors and CSP violations in the browser").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
