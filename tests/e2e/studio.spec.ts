/**
 * The studio in real Chromium against the whole stack (the local Replicate-compatible server renders the pictures):
 * a packshot with live progress, results with a passing Amazon check, the viewer; cancel; failures and limits in
 * plain words; and the recent list. Screenshots go to test-results/screens/.
 */
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { clearFaults, injectFault, signIn, signUp, uniqueEmail } from "./support.ts";

test.describe.configure({ mode: "serial" });

const email = uniqueEmail("studio");
const screens = join(process.cwd(), "test-results", "screens");
/** Drawn by the local renderer, this necklace fills about 90 % of a square: it passes Amazon's main-image rule. */
const packshotPrompt = "platinum necklace with a sapphire pendant";

const panel = (page: Page) => page.getByTestId("generation-panel");

async function describe(page: Page, text: string) {
  await page.getByLabel("Describe the piece").fill(text);
}

test.afterEach(async ({ request }) => {
  await clearFaults(request);
});

test("the studio puts generating first and keeps the account summary", async ({ page }) => {
  await signUp(page, email);
  await expect(page.getByRole("heading", { name: "Create images" })).toBeVisible();
  const presets = page.getByTestId("preset-picker");
  await expect(presets.getByRole("radio")).toHaveCount(9);
  await expect(presets.getByRole("radio", { name: "White packshot" })).toBeChecked();
  // Every preset shows its example picture.
  for (const img of await presets.locator("img").all()) {
    await expect.poll(() => img.evaluate((i) => (i as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  }
  await expect(page.getByTestId("me-usage")).toContainText("0");
  await expect(page.getByTestId("me-role")).toHaveText("user");
  await expect(page.getByText("Your workspace is ready")).toHaveCount(0);

  // The character count follows the prompt; more than 1000 is refused before anything is sent.
  await describe(page, "rose gold ring");
  await expect(page.getByTestId("prompt-count")).toContainText("14 / 1,000");
  await describe(page, "x".repeat(1003));
  await expect(page.getByTestId("prompt-count")).toContainText("1,003 / 1,000");
  await page.getByRole("button", { name: /^Generate/ }).click();
  await expect(page.getByText("Please shorten the description by 3 characters.")).toBeVisible();
  await expect(page.getByLabel("Describe the piece")).toBeFocused();

  // Reference presets ask for a photo of the piece.
  await presets.getByRole("radio", { name: "New background for your photo" }).check();
  await expect(page.getByRole("group", { name: "Photo of your piece" })).toBeVisible();
  await expect(page.getByLabel("Describe the scene")).toBeVisible();
  await page.getByLabel("Describe the scene").fill("on white marble");
  await page.getByRole("button", { name: /^Generate/ }).click();
  await expect(page.getByText("Choose or add a photo of your piece.")).toBeVisible();
  // A packshot offers only the shapes marketplaces use.
  await presets.getByRole("radio", { name: "White packshot" }).check();
  await expect(page.getByTestId("aspect-ratios").getByRole("radio")).toHaveCount(3);
});

test("a packshot: live progress, then results with a passing Amazon check", async ({ page }) => {
  await signIn(page, email);
  await describe(page, packshotPrompt);
  await page.getByText("Advanced").click();
  await page.getByLabel("Seed").fill("7");
  await page.getByRole("button", { name: "Generate image" }).click();

  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByRole("button", { name: "Cancel" })).toBeVisible();
  await expect(page.getByTestId("generation-progress")).toBeVisible();
  await expect(panel(page)).toHaveAttribute("data-status", "running", { timeout: 10_000 });
  await expect(panel(page).getByRole("progressbar", { name: "Progress" })).toBeAttached();
  await expect(page.getByTestId("generation-progress")).toContainText(/\d+ s/);
  await expect(page.getByTestId("recent-generations")).toContainText(packshotPrompt);
  await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: join(screens, "studio-running.png"), fullPage: true });

  await expect(panel(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  await expect(panel(page).getByRole("heading", { name: "Your image is ready" })).toBeVisible();
  const badge = panel(page).getByTestId("marketplace-badge");
  await expect(badge).toHaveAttribute("data-pass", "true");
  await expect(badge).toContainText("Amazon-ready");
  const result = panel(page).locator("[data-result-tile] img");
  await expect.poll(() => result.evaluate((i) => (i as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await expect(page.getByTestId("me-usage")).toContainText("1");
  await expect(page.getByTestId("recent-generations").getByText("Ready")).toBeVisible();
  await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: join(screens, "studio-results.png"), fullPage: true });

  // Results open in the gallery's viewer.
  await panel(page).locator("[data-result-tile]").first().click();
  await expect(page.getByTestId("viewer-kind")).toHaveText("Generated");
  await expect(page.getByTestId("viewer-dimensions")).toHaveText(/\d+ × \d+ px/);
  await expect(page.getByRole("dialog").getByText("Amazon main image check")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);

  // And they are in the gallery, under Generated.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Gallery" }).click();
  await page.getByRole("group", { name: "Show" }).getByRole("button", { name: "Generated", exact: true }).click();
  await expect(page.locator("[data-tile]")).toHaveCount(1);
});

test("a packshot that misses the rule is fixed for Amazon in one click", async ({ page }) => {
  await signIn(page, email);
  // The solitaire fills a little less than Amazon's 85 %: the check explains why and offers the fix.
  await describe(page, "18k yellow gold solitaire ring with a round brilliant diamond");
  await page.getByText("Advanced").click();
  await page.getByLabel("Seed").fill("11");
  await page.getByRole("button", { name: "Generate image" }).click();
  await expect(panel(page)).toHaveAttribute("data-status", "succeeded", { timeout: 30_000 });
  const badges = panel(page).getByTestId("marketplace-badge");
  const first = badges.first();
  if ((await first.getAttribute("data-pass")) === "false") {
    await expect(first).toContainText("Not Amazon-ready");
    await expect(first).toContainText(/Amazon asks for|pure white/);
    await panel(page).getByRole("button", { name: "Fix for Amazon" }).click();
    await expect(badges).toHaveCount(2);
    await expect(badges.nth(1)).toHaveAttribute("data-pass", "true");
    await expect(badges.nth(1)).toContainText("Fixed: Amazon-ready");
    await expect(panel(page).getByRole("button", { name: "Fix for Amazon" })).toHaveCount(0);
  } else {
    test.info().annotations.push({ type: "note", description: "the renderer's solitaire passed as drawn: nothing to fix" });
  }
});

test("cancel stops a running generation, and it is not charged", async ({ page, request }) => {
  await signIn(page, email);
  await expect(page.getByTestId("me-usage")).toBeVisible();
  const before = (await page.getByTestId("me-usage").textContent()) ?? "";
  // The next prediction never finishes on its own.
  await injectFault(request, { mode: "hang" });
  await describe(page, "white gold tennis bracelet with emeralds");
  await page.getByRole("radio", { name: "2 images" }).check();
  await page.getByRole("button", { name: "Generate 2 images" }).click();
  await expect(panel(page)).toHaveAttribute("data-status", /queued|running/);
  await panel(page).getByRole("button", { name: "Cancel" }).click();
  await expect(panel(page)).toHaveAttribute("data-status", "canceled", { timeout: 15_000 });
  await expect(panel(page).getByText("You canceled this generation")).toBeVisible();
  await expect(page.getByTestId("recent-generations").getByText("Canceled")).toBeVisible();
  // Reserved at the start, refunded on cancel.
  await expect(page.getByTestId("me-usage")).toHaveText(before);
  await page.reload();
  await expect(page.getByTestId("me-usage")).toHaveText(before);
});

test("a failed generation is explained in a jeweler's words, and can be tried again", async ({ page, request }) => {
  await signIn(page, email);
  await injectFault(request, { mode: "fail", error: "CUDA out of memory" });
  await describe(page, "silver hoop earrings");
  await page.getByRole("button", { name: "Generate image" }).click();
  await expect(panel(page)).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  const alert = panel(page).getByText(/didn’t count against today’s allowance/);
  await expect(alert).toBeVisible();
  await expect(panel(page)).not.toContainText("CUDA");
  await panel(page).screenshot({ path: join(screens, "studio-failed.png") });
  await panel(page).getByRole("button", { name: "Try again" }).click();
  await expect(page.getByLabel("Describe the piece")).toHaveValue("silver hoop earrings");
  await expect(page.getByLabel("Describe the piece")).toBeFocused();
});

test.describe("for a jeweler in Paris", () => {
  test.use({ timezoneId: "Europe/Paris", locale: "en-US" });

  test("limits are explained: today's allowance used, with the reset time in the jeweler's own time", async ({ page, consoleWatch }) => {
    consoleWatch.allow((e) => /status of 429/.test(e.text));
    await signIn(page, email);
    // What the API sends when the daily allowance is used up: Retry-After is the time to midnight UTC.
    const now = new Date();
    const toMidnight = Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime()) / 1000);
    await page.route("**/v1/generations", async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      await route.fulfill({
        status: 429,
        contentType: "application/problem+json",
        headers: { "access-control-allow-origin": "*", "access-control-expose-headers": "Retry-After, X-Request-Id", "retry-after": String(toMidnight), "x-request-id": "req_e2e_429" },
        body: JSON.stringify({
          type: "https://bez.dev/problems/quota-exceeded",
          title: "Quota exceeded",
          status: 429,
          code: "quota-exceeded",
          detail: "Your daily allowance of 200 images is used up.",
          requestId: "req_e2e_429",
        }),
      });
    });
    await describe(page, "yellow gold signet ring");
    await page.getByRole("button", { name: "Generate image" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "You’ve used today’s images" });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText(/It resets at midnight UTC \(\d{1,2}:00\s?[AP]M your time\), in \d+ (h|min)/);
    await expect(alert).toContainText("req_e2e_429");
    await alert.screenshot({ path: join(screens, "studio-daily-limit.png") });
  });
});

test("studio at mobile width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, email);
  await expect(page.getByTestId("recent-generations")).toBeVisible();
  await page.getByTestId("recent-generations").getByRole("button").filter({ hasText: packshotPrompt }).click();
  await expect(panel(page)).toHaveAttribute("data-status", "succeeded");
  await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: join(screens, "studio-mobile.png"), fullPage: true });
});
