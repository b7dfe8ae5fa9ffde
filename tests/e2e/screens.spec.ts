/**
 * A visual tour for reviewers: full-page screenshots of the main pages at desktop and mobile widths, written to
 * test-results/screens/. Also fails on console errors (see fixtures.ts), like every spec here.
 */
import { join } from "node:path";
import { expect, test } from "./fixtures.ts";

test.describe.configure({ mode: "serial" });

const email = `screens-${Date.now().toString(36)}@example.com`;
const password = "Emerald-Cut-Pendant-77";
const dir = join(process.cwd(), "test-results", "screens");

const viewports = {
  desktop: { width: 1440, height: 900 },
  mobile: { width: 390, height: 844 },
} as const;

for (const [name, viewport] of Object.entries(viewports)) {
  test(`screens at ${name} width`, async ({ page, consoleWatch }) => {
    await page.setViewportSize(viewport);
    const shot = (page_: string) => page.screenshot({ path: join(dir, `${name}-${page_}.png`), fullPage: true });

    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await shot("landing");

    await page.goto("/sign-up");
    await page.getByLabel("Email").fill(name === "desktop" ? email : "not-an-email");
    await page.getByLabel("Password", { exact: true }).fill(name === "desktop" ? password : "short");
    await page.getByLabel("I am 13 or older").check();
    await page.getByLabel("Password", { exact: true }).press("Enter");
    await expect(page.getByText("Please accept the privacy policy to create an account.")).toBeVisible();
    await shot("sign-up-error");

    if (name === "desktop") {
      await page.getByLabel("I accept the privacy policy").check();
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page).toHaveURL(/\/studio$/);
      await expect(page.getByTestId("me-email")).toHaveText(email);
      await page.getByRole("button", { name: /Account menu/ }).click();
      await page.getByRole("menuitem", { name: "Sign out" }).click();
      await expect(page).toHaveURL(/signed-out=1/);
    }

    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Welcome back" })).toBeVisible();
    await page.getByLabel("Email").focus(); // shows the focus ring
    await shot("sign-in");

    if (name === "desktop") {
      const authHost = process.env.BEZ_E2E_AUTH_HOST ?? "";
      consoleWatch.allow((e) => /status of 400/.test(e.text) && (authHost === "" || e.url.includes(authHost)));
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password", { exact: true }).fill("wrong-password");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await expect(page.getByText(/isn't right/)).toBeVisible();
      await shot("sign-in-error");
    }

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/studio$/);
    await expect(page.getByTestId("me-role")).toHaveText("user");
    await shot("studio");

    if (name === "desktop") {
      await page.getByRole("button", { name: /Account menu/ }).click();
      await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
      await page.screenshot({ path: join(dir, `${name}-account-menu.png`) });
      await page.keyboard.press("Escape");
    }

    await page.goto("/security");
    await shot("security");
  });
}
