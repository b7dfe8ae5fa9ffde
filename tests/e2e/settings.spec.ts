/**
 * Settings in real Chromium against the whole stack: analytics consent, IP lock (the stack runs on 127.0.0.1, so that
 * is the current address), access tokens, export and account deletion ending signed out on the receipt page.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "./fixtures.ts";
import { password, signUp, uniqueEmail } from "./support.ts";

test.describe.configure({ mode: "serial" });

const screens = join(process.cwd(), "test-results", "screens");

/** Names of the entries in a zip, read from its central directory. */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error("not a zip: no end-of-central-directory record");
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error("broken central directory");
    const nameLength = zip.readUInt16LE(offset + 28);
    const extra = zip.readUInt16LE(offset + 30);
    const comment = zip.readUInt16LE(offset + 32);
    names.push(zip.toString("utf8", offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extra + comment;
  }
  return names;
}

test("settings: analytics, IP lock, tokens, export, then deletion with a receipt", async ({ page, consoleWatch }) => {
  test.setTimeout(120_000);
  const email = uniqueEmail("settings");
  await signUp(page, email);

  // The cookie banner is on every page until answered; the answer is kept and synced to the account.
  const banner = page.getByTestId("cookie-banner");
  await expect(banner).toBeVisible();
  await expect(page.getByTestId("verify-email-banner")).toBeVisible();

  await page.getByRole("button", { name: /Account menu/ }).click();
  await page.getByRole("menuitem", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  await expect(page.getByTestId("settings-email")).toHaveText(email);

  await banner.getByRole("button", { name: "Allow analytics" }).click();
  await expect(banner).toHaveCount(0);
  await expect(page.getByRole("switch", { name: "Allow anonymous analytics" })).toHaveAttribute("aria-checked", "true");
  // No key is configured in the local stack: nothing was loaded from anywhere but this site and the API.
  const scripts = await page.locator("script[src]").evaluateAll((els) => els.map((e) => e.getAttribute("src") ?? ""));
  expect(scripts.filter((s) => /^(https?:)?\/\//.test(s) && !s.startsWith(new URL(page.url()).origin))).toEqual([]);

  // IP lock: the current address is shown; a list without it is refused with the reason; with it, saved.
  const ipLock = page.locator("#ip-lock");
  await expect(ipLock.getByTestId("current-ip")).toHaveText("127.0.0.1");
  await ipLock.getByRole("switch", { name: "Only allow these networks" }).click();
  await ipLock.getByLabel("Address or range 1").fill("300.1.2.3");
  await ipLock.getByRole("button", { name: "Save IP lock" }).click();
  await expect(ipLock.getByText("“300.1.2.3” isn’t an IP address.")).toBeVisible();
  await ipLock.getByLabel("Address or range 1").fill("203.0.113.0/24");
  await ipLock.getByRole("button", { name: "Add another" }).click();
  await ipLock.getByLabel("Address or range 2").fill("10.0.0.0/33");
  await ipLock.getByRole("button", { name: "Save IP lock" }).click();
  await expect(ipLock.getByText("The number after the slash must be from 0 to 32")).toBeVisible();
  await ipLock.getByLabel("Address or range 2").fill("2001:db8::/32");
  await ipLock.getByRole("button", { name: "Save IP lock" }).click();
  await expect(ipLock.getByTestId("ip-lock-lockout")).toContainText("You are connecting from 127.0.0.1 right now");
  await expect(ipLock.getByTestId("ip-lock-state")).toHaveText("Off");
  await ipLock.getByRole("button", { name: "Add 127.0.0.1 to the list" }).click();
  await expect(ipLock.getByLabel("Address or range 3")).toHaveValue("127.0.0.1");
  await ipLock.getByRole("button", { name: "Save IP lock" }).click();
  await expect(ipLock.getByTestId("ip-lock-state")).toHaveText("On");
  await expect(ipLock.getByText("Saved")).toBeVisible();

  // Restriction: on and off again.
  const restriction = page.locator("#restriction");
  await restriction.getByRole("switch", { name: "Pause all processing of my data" }).click();
  await expect(restriction.getByTestId("restriction-state")).toHaveText("Paused");
  await restriction.getByRole("switch", { name: "Pause all processing of my data" }).click();
  await expect(restriction.getByTestId("restriction-state")).toHaveText("Off");

  // Access tokens: created (shown once), listed, revoked after a confirmation.
  const tokens = page.locator("#tokens");
  await tokens.getByRole("button", { name: "Create token" }).click();
  await expect(tokens.getByText("Give the token a name")).toBeVisible();
  await tokens.getByLabel("Token name").fill("Shop laptop");
  await tokens.getByLabel("Expires after").selectOption("90");
  // A sign-in older than five minutes (the API's answer, stood in for once): the password is asked, then the token made.
  const webOrigin = new URL(page.url()).origin;
  let staleAnswered = false;
  consoleWatch.allow((e) => e.url.endsWith("/v1/me/tokens") && e.text.includes("status of 403"));
  await page.route("**/v1/me/tokens", async (route) => {
    if (route.request().method() !== "POST" || staleAnswered) return route.fallback();
    staleAnswered = true;
    await route.fulfill({
      status: 403,
      headers: { "content-type": "application/problem+json", "access-control-allow-origin": webOrigin, vary: "Origin" },
      body: JSON.stringify({ type: "https://bez.dev/problems/recent-login-required", title: "Please sign in again to continue", status: 403, code: "recent-login-required", requestId: "e2e" }),
    });
  });
  await tokens.getByRole("button", { name: "Create token" }).click();
  const confirm = page.getByRole("dialog", { name: "Please confirm it’s you" });
  await expect(confirm).toBeVisible();
  await confirm.getByLabel("Password", { exact: true }).fill(password);
  await confirm.getByRole("button", { name: "Confirm and create" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(tokens.getByTestId("new-token")).toHaveValue(/^bez_pat_[A-Za-z0-9]+_[A-Za-z0-9_-]{43}$/);
  await expect(tokens.getByText("This is the only time we show it.")).toBeVisible();
  await expect(tokens.getByTestId("token-row")).toHaveCount(1);
  await expect(tokens.getByTestId("token-row")).toContainText("Shop laptop");
  await page.mouse.wheel(0, -100_000);
  await page.screenshot({ path: join(screens, "settings.png"), fullPage: true });

  await tokens.getByRole("button", { name: "Revoke Shop laptop" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke this token?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  await expect(tokens.getByTestId("token-row")).toHaveCount(0);
  await expect(tokens.getByTestId("new-token")).toHaveCount(0);

  // Export: a zip with the profile in it.
  const exportSection = page.locator("#export");
  const downloading = page.waitForEvent("download");
  await exportSection.getByRole("button", { name: "Download my data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^bez-export-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = await readFile(await download.path());
  expect(zip.subarray(0, 4).toString("hex")).toBe("504b0304");
  const names = zipEntries(zip);
  expect(names).toContain("profile.json");
  expect(names).toContain("generations.json");
  await expect(exportSection.getByText("Your export is saved")).toBeVisible();

  // Deletion: DELETE must be typed; then signed out on the receipt page.
  const danger = page.locator("#delete");
  await danger.getByRole("button", { name: "Delete my account" }).click();
  await expect(danger.getByText("Type DELETE in capital letters to confirm.")).toBeVisible();
  await danger.getByLabel("Type DELETE to confirm").fill("DELETE");
  await danger.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/deleted\/[A-Za-z0-9_-]{16,128}$/);
  await expect(page.getByRole("heading", { name: "Your account is deleted" })).toBeVisible();
  await expect(page.getByTestId("auth-area").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByTestId("deletion-status")).toHaveText("Complete", { timeout: 30_000 });
  await expect(page.getByTestId("deletion-signature")).toBeVisible();
  const id = page.url().split("/").pop()!;
  await expect(page.getByTestId("deletion-id")).toHaveText(id);
  await page.screenshot({ path: join(screens, "deleted.png"), fullPage: true });

  // The receipt stays readable to anyone with the id, after a reload, signed out.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Account deletion" })).toBeVisible();
  await expect(page.getByTestId("deletion-status")).toHaveText("Complete");
});
