/**
 * Notices end to end: an admin writes a policy notice to everyone, sees the preview and how many it reaches, and sends
 * it; a jeweler then has the unread badge on the bell and the policy banner on every page until acknowledging it.
 */
import { join } from "node:path";
import { expect, test } from "./fixtures.ts";
import { createAccount, grantRole } from "./staff.ts";
import { signIn, uniqueEmail } from "./support.ts";

const screens = join(process.cwd(), "test-results", "screens");

test("a policy notice to everyone: composed with a preview, then a badge and a banner until acknowledged", async ({ browser, page }) => {
  test.setTimeout(120_000);
  const adminEmail = uniqueEmail("notice-admin");
  const jewelerEmail = uniqueEmail("notice-reader");
  await createAccount(adminEmail);
  await createAccount(jewelerEmail);
  await grantRole(adminEmail, "admin");
  await signIn(page, adminEmail, "/admin/notices");

  const subject = `Updated privacy policy ${Date.now().toString(36)}`;
  const body = "We now delete reference photos after 30 days.\nNothing else changes for you.";
  await page.getByLabel("Policy").check();
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Message").fill(body);
  const preview = page.getByTestId("notice-preview");
  await expect(preview.getByTestId("notice")).toContainText(subject);
  await expect(preview).toContainText("We now delete reference photos after 30 days.");
  await expect(preview).toContainText(`[Bez] ${subject}`);
  await expect(page.getByTestId("notice-recipients")).toContainText(/Reaches [\d,]+ (person|people)/);
  await page.screenshot({ path: join(screens, "admin-notices.png"), fullPage: true });

  await page.getByRole("button", { name: "Review and send" }).click();
  const confirm = page.getByRole("dialog", { name: "Send this policy notice?" });
  await expect(confirm).toContainText("everyone with a Bez account");
  await confirm.getByRole("button", { name: "Send notice" }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Notice sent" })).toContainText(/Delivered to [\d,]+ (person|people) in Bez/);

  // The jeweler, in a browser of their own.
  const context = await browser.newContext({ baseURL: process.env.BEZ_E2E_WEB_URL });
  const reader = await context.newPage();
  try {
    await signIn(reader, jewelerEmail, "/studio");
    await expect(reader.getByTestId("notice-badge")).toHaveText(/^[1-9]\d*$/);
    await expect(reader.getByRole("link", { name: /^Notices, \d+ unread$/ })).toBeVisible();
    const banner = reader.getByTestId("policy-banner");
    await expect(banner).toContainText(subject);
    await reader.screenshot({ path: join(screens, "policy-banner.png") });

    // Still there on another page; the inbox lists it as unread.
    await reader.getByTestId("notice-bell").click();
    await expect(reader).toHaveURL(/\/notices$/);
    await expect(banner).toBeVisible();
    const notice = reader.getByTestId("notice").filter({ hasText: subject });
    await expect(notice).toHaveAttribute("data-unread", "true");
    await expect(notice).toContainText("Policy");
    await notice.getByRole("button", { name: new RegExp(subject) }).click();
    await expect(notice).toContainText("Nothing else changes for you.");
    await expect(notice).not.toHaveAttribute("data-unread");
    await reader.screenshot({ path: join(screens, "notices-inbox.png"), fullPage: true });

    await banner.getByRole("button", { name: "I have read it" }).click();
    await expect(banner).toHaveCount(0);
    await reader.goto("/gallery");
    await expect(reader.getByTestId("notice-bell")).toBeVisible();
    await expect(reader.getByTestId("policy-banner")).toHaveCount(0);
  } finally {
    await context.close();
  }
});
