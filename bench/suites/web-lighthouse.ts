/**
 * The web app under Lighthouse 12.2.3 (issue 15, item 1): its default mobile profile — simulated slow 4G and a 4×
 * slower CPU — in Debian's Chromium, one run per page, against a production build served with the whole local stack
 * behind it (started the way the browser tests start it: tests/e2e/global-setup.ts, free ports, a fresh data dir).
 *
 * Public pages are measured as a first visit (Lighthouse clears storage and cache). `/studio` and `/gallery` are
 * measured signed in: an account is created through the sign-up page, then Lighthouse keeps the browser's storage
 * (the Firebase session) but the HTTP cache is emptied first, so the page's code is downloaded again.
 *
 * Each goal is a row whose baseline is the goal itself, so the ratio is ≥ 1 exactly when the goal holds. Scores are
 * noisy on a shared CPU (Total Blocking Time most of all); bytes, LCP and CLS much less.
 */
import lighthouse from "lighthouse";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import startStack from "../../tests/e2e/global-setup.ts";
import { type BenchResult, type BenchSuite, result } from "../harness.ts";

/** The flags STACK.md gives for Debian's Chromium on these machines (puppeteer adds a fresh profile directory). */
const chromiumArgs = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

interface PageGoal {
  path: string;
  signedIn: boolean;
  /** Lighthouse performance score, 0–100. */
  performance: number;
  /** JavaScript transferred, KiB; null where the issue sets none. */
  scriptKiB: number | null;
}

const pages: PageGoal[] = [
  { path: "/", signedIn: false, performance: 95, scriptKiB: 130 },
  { path: "/security", signedIn: false, performance: 95, scriptKiB: 130 },
  { path: "/sign-in", signedIn: false, performance: 90, scriptKiB: 180 },
  { path: "/studio", signedIn: true, performance: 85, scriptKiB: null },
  { path: "/gallery", signedIn: true, performance: 85, scriptKiB: null },
];
const clsGoal = 0.05;
const accessibilityGoal = 100;
/** Lighthouse reports layout shift to three decimals; a shift of 0 is counted as one step, so the ratio stays finite. */
const clsStep = 0.001;

interface Measured {
  performance: number;
  accessibility: number;
  scriptKiB: number;
  cls: number;
  lcpMs: number;
  tbtMs: number;
}

async function audit(page: Page, url: string, keepStorage: boolean): Promise<Measured> {
  const run = await lighthouse(
    url,
    { logLevel: "error", onlyCategories: ["performance", "accessibility"], disableStorageReset: keepStorage },
    undefined,
    page,
  );
  if (!run) throw new Error(`Lighthouse returned no result for ${url}`);
  const { lhr } = run;
  if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const items = (lhr.audits["resource-summary"]?.details as { items?: { resourceType: string; transferSize: number }[] } | undefined)?.items;
  const scriptBytes = items?.find((item) => item.resourceType === "script")?.transferSize ?? Number.NaN;
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    scriptKiB: scriptBytes / 1024,
    cls: numeric("cumulative-layout-shift"),
    lcpMs: numeric("largest-contentful-paint"),
    tbtMs: numeric("total-blocking-time"),
  };
}

/** Creates an account through the sign-up page (as a jeweler would) and waits for the studio to greet it. */
async function signUp(page: Page, web: string): Promise<void> {
  const email = `bench-${Date.now().toString(36)}@example.com`;
  await page.goto(`${web}/sign-up`);
  await page.locator("#signup-email").fill(email);
  await page.locator("#signup-password").fill("Bench-Emerald-Cut-Ring-31");
  await page.locator("#signup-age").click();
  await page.locator("#signup-policy").click();
  await page.locator('form[aria-label="Create your account"] button[type="submit"]').click();
  await page.waitForFunction(`document.querySelector('[data-testid="me-email"]')?.textContent === ${JSON.stringify(email)}`);
}

function rows(goal: PageGoal, m: Measured): BenchResult[] {
  const label = `Lighthouse mobile ${goal.path}${goal.signedIn ? " (signed in)" : ""}`;
  return [
    result(`${label}: performance score (goal ≥ ${goal.performance})`, m.performance, goal.performance, "points", 1),
    ...(goal.scriptKiB === null
      ? []
      : [result(`${label}: JavaScript transferred (goal ≤ ${goal.scriptKiB} KiB)`, m.scriptKiB, goal.scriptKiB, "KiB", 1, "lower")]),
    result(`${label}: cumulative layout shift (goal ≤ ${clsGoal})`, Math.max(m.cls, clsStep), clsGoal, "CLS", 1, "lower"),
    result(`${label}: accessibility score (goal = ${accessibilityGoal})`, m.accessibility, accessibilityGoal, "points", 1),
  ];
}

const suite: BenchSuite = {
  name: "web-lighthouse",
  async run() {
    const stopStack = await startStack();
    const web = process.env.BEZ_E2E_WEB_URL;
    let browser: Browser | undefined;
    try {
      if (!web) throw new Error("the local stack started without the web app");
      browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium", headless: true, args: chromiumArgs });
      const page = await browser.newPage();
      const results: BenchResult[] = [];
      let signedUp = false;
      for (const goal of pages) {
        if (goal.signedIn && !signedUp) {
          await signUp(page, web);
          signedUp = true;
        }
        if (goal.signedIn) await (await page.createCDPSession()).send("Network.clearBrowserCache");
        const measured = await audit(page, `${web}${goal.path}`, goal.signedIn);
        process.stderr.write(
          `  ${goal.path}: performance ${measured.performance}, accessibility ${measured.accessibility}, ` +
            `JS ${measured.scriptKiB.toFixed(1)} KiB, LCP ${(measured.lcpMs / 1000).toFixed(2)} s, ` +
            `TBT ${Math.round(measured.tbtMs)} ms, CLS ${measured.cls.toFixed(3)}\n`,
        );
        results.push(...rows(goal, measured));
      }
      return results;
    } finally {
      await browser?.close();
      await stopStack?.();
    }
  },
};

export default suite;
