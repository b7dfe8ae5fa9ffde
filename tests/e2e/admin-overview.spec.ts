/**
 * The admin Overview's metrics in real Chromium: an admin makes a few generations (one failing at the model) and an
 * upload through the API, then the Overview's totals, chart sentences and tables show exactly those counts, the charts
 * answer the keyboard, and an API failure is explained in words. Screenshots at desktop and phone widths go to
 * test-results/screens/ (as in screens.spec.ts).
 */
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { createAccount, grantRole } from "./staff.ts";
import { clearFaults, injectFault, password, ringPng, signIn, uniqueEmail } from "./support.ts";

test.describe.configure({ mode: "serial" });

const screens = join(process.cwd(), "test-results", "screens");
const viewports = { desktop: { width: 1440, height: 900 }, mobile: { width: 390, height: 844 } } as const;

function stackEnv(name: "BEZ_E2E_AUTH_HOST" | "BEZ_E2E_API_URL"): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through playwright.config.ts (its globalSetup starts the stack)`);
  return value;
}

/** An ID token straight from the Auth emulator, carrying the role granted before. */
async function idToken(email: string): Promise<string> {
  const response = await fetch(`http://${stackEnv("BEZ_E2E_AUTH_HOST")}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=any`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  const body = (await response.json()) as { idToken?: string };
  if (!body.idToken) throw new Error(`Auth emulator sign-in failed: ${response.status}`);
  return body.idToken;
}

/** Starts generations and waits until each is finished; returns their final statuses. */
async function generate(token: string, prompts: string[]): Promise<string[]> {
  const api = stackEnv("BEZ_E2E_API_URL");
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const ids = await Promise.all(
    prompts.map(async (prompt) => {
      const response = await fetch(`${api}/v1/generations`, {
        method: "POST",
        headers: { ...headers, "idempotency-key": `overview-${Date.now()}-${Math.random()}` },
        body: JSON.stringify({ preset: "packshot-white", prompt }),
      });
      expect(response.status, await response.clone().text()).toBe(202);
      return ((await response.json()) as { id: string }).id;
    }),
  );
  const statuses: string[] = [];
  for (const id of ids) {
    let status = "queued";
    await expect
      .poll(
        async () => {
          const response = await fetch(`${api}/v1/generations/${id}`, { headers });
          status = ((await response.json()) as { status: string }).status;
          return ["succeeded", "failed", "canceled"].includes(status);
        },
        { timeout: 60_000, intervals: [500] },
      )
      .toBe(true);
    statuses.push(status);
  }
  return statuses;
}

async function upload(token: string): Promise<void> {
  const response = await fetch(`${stackEnv("BEZ_E2E_API_URL")}/v1/images`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "image/png" },
    body: new Uint8Array(await ringPng(800, 800)),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

const total = (page: Page, key: string) => page.getByTestId(`total-${key}`).locator("dd");

/** The totals as numbers, or zeros while the range is still empty. */
async function readTotals(page: Page): Promise<Record<"started" | "succeeded" | "uploads", number>> {
  const metrics = page.getByTestId("metrics");
  await expect(metrics.getByTestId("metrics-empty").or(metrics.getByTestId("metrics-totals"))).toBeVisible();
  if (await metrics.getByTestId("metrics-empty").isVisible()) return { started: 0, succeeded: 0, uploads: 0 };
  const read = async (key: string) => Number(await total(page, key).textContent());
  return { started: await read("started"), succeeded: await read("succeeded"), uploads: await read("uploads") };
}

test("the Overview charts an admin's generations and uploads, with keyboard access, text alternatives and an error state", async ({
  page,
  request,
  consoleWatch,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("overview-admin");
  await createAccount(email);
  await grantRole(email, "admin");
  await page.setViewportSize(viewports.desktop);
  await signIn(page, email, "/admin");
  await expect(page.getByRole("heading", { name: "How Bez is running" })).toBeVisible();
  const before = await readTotals(page);
  if (before.started === 0) await page.screenshot({ path: join(screens, "desktop-admin-overview-empty.png"), fullPage: true });

  // Four that succeed (at most four run at once per user), then one the model fails, and an upload.
  const token = await idToken(email);
  expect(await generate(token, ["18k gold ring with a sapphire", "platinum pendant with a pearl", "rose gold earrings", "silver bracelet"])).toEqual(
    Array(4).fill("succeeded"),
  );
  await injectFault(request, { mode: "fail", count: 1 });
  try {
    expect(await generate(token, ["white gold ring with an emerald"])).toEqual(["failed"]);
  } finally {
    await clearFaults(request);
  }
  await upload(token);

  // The API writes its counts every few seconds: refresh until they arrive, then they must be exact.
  const metrics = page.getByTestId("metrics");
  await expect
    .poll(
      async () => {
        await metrics.getByRole("button", { name: "Refresh" }).click();
        return readTotals(page);
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toEqual({ started: before.started + 5, succeeded: before.succeeded + 4, uploads: before.uploads + 1 });
  await expect(total(page, "p95")).toHaveText(/^\d+\.\d s$/);

  const generations = page.getByTestId("chart-generations");
  await expect(generations.locator("canvas")).toHaveCount(1);
  await expect(generations.getByTestId("chart-summary")).toContainText(`Succeeded: ${before.succeeded + 4} in total`);
  await expect(generations.getByTestId("chart-summary")).toContainText("Failed: ");
  await expect(page.getByTestId("chart-model-seconds").getByTestId("chart-summary")).toContainText(/Median \(p50\): up to \d/);
  await expect(page.getByTestId("chart-uploads-deletions").getByTestId("chart-summary")).toContainText("Uploads: ");

  // Keyboard: the chart takes focus, End puts the cursor on the newest bucket and the legend shows its numbers.
  await generations.focus();
  await expect(generations).toBeFocused();
  await page.keyboard.press("End");
  await expect(generations.locator(".u-legend .u-value").nth(2)).toHaveText(/^\d+$/);
  // The same numbers as a table.
  await generations.getByText("Show the numbers").click();
  const table = generations.getByRole("table");
  await expect(table.getByRole("columnheader", { name: "Succeeded" })).toBeVisible();
  await expect(table.getByRole("row")).not.toHaveCount(1);

  await page.evaluate("window.scrollTo(0, 0)"); // the sticky header stays at the top of a full-page shot
  await page.screenshot({ path: join(screens, "desktop-admin-overview.png"), fullPage: true });
  await page.setViewportSize(viewports.mobile);
  await page.reload();
  await expect(page.getByTestId("chart-generations").locator("canvas")).toHaveCount(1);
  const box = await page.getByTestId("chart-generations").boundingBox();
  expect(box!.width).toBeLessThanOrEqual(viewports.mobile.width);
  await page.screenshot({ path: join(screens, "mobile-admin-overview.png"), fullPage: true });

  // The API failing: said in words, and Refresh tries again.
  consoleWatch.allow((e) => /status of 503/.test(e.text) && e.url.includes("/v1/admin/metrics"));
  await page.route("**/v1/admin/metrics?*", (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/problem+json",
      body: JSON.stringify({ type: "https://bez.dev/problems/dependency-unavailable", title: "down", status: 503, code: "dependency-unavailable", requestId: "e2e-overview" }),
    }),
  );
  await page.getByTestId("metrics").getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByText("The numbers could not be loaded")).toBeVisible();
  await page.screenshot({ path: join(screens, "mobile-admin-overview-error.png"), fullPage: true });
  await page.unroute("**/v1/admin/metrics?*");
  await page.getByTestId("metrics").getByRole("button", { name: "Refresh" }).click();
  await expect(page.getByTestId("metrics-totals")).toBeVisible();
});
