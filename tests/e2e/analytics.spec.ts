/**
 * Analytics only after consent, in real Chromium: a second `next start` of the same build (runtime configuration, no
 * second `next build`) is pointed at local stand-ins for PostHog and Axiom. Before a yes nothing reaches either and
 * no analytics code loads; after it, PostHog gets page views (route patterns only) and Axiom gets Web Vitals through
 * the app's /vitals relay (the token added on the server); after a withdrawal both stop.
 */
import type { Page, Request } from "@playwright/test";
import { freePorts } from "../../local/src/processes/free-port.ts";
import { startWeb, type WebServer } from "../../local/src/processes/web.ts";
import { expect, test } from "./fixtures.ts";
import { startAxiomStandIn, startPostHogStandIn, type StandIn } from "./stand-ins.ts";

test.describe.configure({ mode: "serial" });
// PostHog drops events from browsers that look automated (a "HeadlessChrome" user agent or brand, navigator.webdriver);
// this browser presents itself as a visitor's Chrome.
test.use({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36" });
const lookLikeAVisitor = `
  Object.defineProperty(Navigator.prototype, "webdriver", { get: () => false });
  Object.defineProperty(Navigator.prototype, "userAgentData", { get: () => undefined });
`;

const posthogKey = "phc_e2eStandInProjectKey";
const axiomToken = "xaat-e2e-stand-in-token";
const dataset = "bez-web-e2e";

let posthog: StandIn;
let axiom: StandIn;
let web: WebServer;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const stack = (name: string) => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: run through playwright.config.ts (its globalSetup starts the stack)`);
    return value;
  };
  posthog = await startPostHogStandIn();
  axiom = await startAxiomStandIn();
  const [port] = await freePorts(1);
  web = await startWeb({
    port: port!,
    apiUrl: stack("BEZ_E2E_API_URL"),
    projectId: stack("BEZ_E2E_PROJECT_ID"),
    authHost: stack("BEZ_E2E_AUTH_HOST"),
    env: { BEZ_POSTHOG_KEY: posthogKey, BEZ_POSTHOG_HOST: posthog.url, AXIOM_URL: axiom.url, AXIOM_DATASET: dataset, AXIOM_TOKEN: axiomToken },
    onOutput: () => undefined,
  });
});

test.afterAll(async () => {
  await web?.stop();
  await posthog?.close();
  await axiom?.close();
});

/** Every request the page makes, to tell what the browser itself sent where. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on("request", (r) => requests.push(r));
  return requests;
}

const to = (requests: Request[], origin: string) => requests.filter((r) => r.url().startsWith(origin));
const vitalsPosts = (requests: Request[]) => requests.filter((r) => new URL(r.url()).pathname === "/vitals");

/** PostHog's events as the stand-in decoded them (a batch is an array, a single event an object). */
function posthogEvents(): Array<{ event: string; properties: Record<string, unknown> }> {
  return posthog.received.flatMap((r) => {
    const body = r.body as { batch?: unknown[] } | unknown[] | Record<string, unknown>;
    const list = Array.isArray(body) ? body : Array.isArray((body as { batch?: unknown[] }).batch) ? (body as { batch: unknown[] }).batch : [body];
    return list.filter((e): e is { event: string; properties: Record<string, unknown> } => typeof (e as { event?: unknown }).event === "string");
  });
}

test("before consent nothing leaves for PostHog or Axiom; after a yes both get data; after a no both stop", async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(lookLikeAVisitor);
  const requests = recordRequests(page);

  // Before any answer: three pages, each left (a hidden page is when vitals would be sent).
  const first = await page.goto(`${web.url}/`);
  const csp = (await first?.headerValue("content-security-policy")) ?? "";
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  expect(scriptSrc, "no third-party script origin").not.toMatch(/https?:\/\//);
  expect(csp).toMatch(new RegExp(`connect-src [^;]*${posthog.url.replace(/[.:/]/g, "\\$&")}`));
  expect(csp, "the browser never talks to Axiom itself").not.toContain(axiom.url);
  await expect(page.getByTestId("cookie-banner")).toBeVisible();
  await page.goto(`${web.url}/security`);
  await page.goto(`${web.url}/privacy`);
  await expect(page.getByTestId("analytics-choice-state")).toHaveText(/not chosen yet/);
  await page.waitForTimeout(4_000); // longer than the vitals flush delay: anything queued would have gone by now
  await page.goto(`${web.url}/security`);
  expect(to(requests, posthog.url)).toEqual([]);
  expect(vitalsPosts(requests)).toEqual([]);
  expect(posthog.received).toEqual([]);
  expect(axiom.received).toEqual([]);
  const scripts = requests.filter((r) => r.resourceType() === "script").map((r) => r.url());
  expect(scripts.filter((u) => !u.startsWith(web.url)), "every script comes from the app itself").toEqual([]);

  // Yes, on a page whose address carries a query string that must never be sent.
  await page.goto(`${web.url}/sign-in?next=${encodeURIComponent("/studio?secret=opal")}`);
  await page.getByTestId("cookie-banner").getByRole("button", { name: "Allow analytics" }).click();
  await expect.poll(() => posthogEvents().map((e) => e.event), { timeout: 20_000 }).toContain("$pageview");
  const pageview = posthogEvents().find((e) => e.event === "$pageview")!;
  expect(pageview.properties.token).toBe(posthogKey);
  expect(pageview.properties.$current_url).toBe(`${web.url}/sign-in`);
  expect(JSON.stringify(posthogEvents())).not.toContain("opal");

  // Leaving the page hands its vitals to the relay, which forwards them to Axiom with the server's token.
  await page.goto(`${web.url}/security`);
  await expect.poll(() => axiom.received.length, { timeout: 20_000 }).toBeGreaterThan(0);
  const batch = axiom.received[0]!;
  expect(batch.method).toBe("POST");
  expect(batch.path).toBe(`/v1/datasets/${dataset}/ingest`);
  expect(batch.authorization).toBe(`Bearer ${axiomToken}`);
  const events = batch.body as Array<Record<string, unknown>>;
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect(Object.keys(event).sort()).toEqual(["_time", "name", "navigationType", "rating", "route", "source", "value"]);
    expect(event).toMatchObject({ source: "web-vitals", route: "/sign-in" });
    expect(["TTFB", "FCP", "LCP", "CLS", "INP"]).toContain(event.name);
  }
  // (A beacon sent while the page unloads is not always reported to Playwright, so the relay's side is what counts.)
  expect(to(requests, axiom.url), "the browser never calls Axiom").toEqual([]);

  // No, from the privacy page (no account needed): from here on nothing more is sent to either.
  await page.goto(`${web.url}/privacy`);
  await expect(page.getByTestId("analytics-choice-state")).toHaveText(/on in this browser/);
  await page.waitForTimeout(4_000);
  await page.getByRole("button", { name: "Turn analytics off" }).click();
  await expect(page.getByTestId("analytics-choice-state")).toHaveText(/off in this browser/);
  const sentToPostHog = to(requests, posthog.url).length;
  const sentVitals = vitalsPosts(requests).length;
  const axiomBatches = axiom.received.length;
  await page.goto(`${web.url}/security`);
  await page.goto(`${web.url}/`);
  await page.waitForTimeout(4_000);
  await page.goto(`${web.url}/privacy`);
  expect(to(requests, posthog.url).length).toBe(sentToPostHog);
  expect(vitalsPosts(requests).length).toBe(sentVitals);
  await page.waitForTimeout(1_000); // the relay forwards after answering
  expect(axiom.received.length).toBe(axiomBatches);
});

test("the /vitals relay answers problem+json to anything but a same-origin report of the contract's shape", async ({ request }) => {
  const vital = { name: "LCP", value: 1234.5, rating: "good", navigationType: "navigate" };
  const post = (data: string, headers: Record<string, string> = {}) =>
    request.post(`${web.url}/vitals`, { data: Buffer.from(data), headers: { "content-type": "application/json", ...headers } });
  const refusals: Array<[Awaited<ReturnType<typeof post>>, number, string]> = [
    [await post(JSON.stringify({ route: "/", vitals: [vital] }), { "sec-fetch-site": "cross-site" }), 403, "forbidden"],
    [await post("{not json"), 400, "invalid-json"],
    [await post(JSON.stringify({ route: "/sign-in?next=/studio", vitals: [vital] })), 400, "invalid-request"],
    [await post(JSON.stringify({ route: "/", vitals: [{ ...vital, email: "a@example.com" }] })), 400, "invalid-request"],
    [await post(JSON.stringify({ route: "/", vitals: [vital], padding: "x".repeat(9_000) })), 413, "payload-too-large"],
  ];
  for (const [response, status, code] of refusals) {
    expect(response.status()).toBe(status);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    expect(((await response.json()) as { code: string }).code).toBe(code);
  }
  const before = axiom.received.length;
  const accepted = await post(JSON.stringify({ route: "/studio", vitals: [vital] }), { "sec-fetch-site": "same-origin" });
  expect(accepted.status()).toBe(204);
  await expect.poll(() => axiom.received.length).toBe(before + 1);
  expect(axiom.received.at(-1)!.body).toEqual([expect.objectContaining({ source: "web-vitals", route: "/studio", ...vital })]);
});
