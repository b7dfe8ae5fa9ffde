/**
 * Email-link ("magic link") sign-in against the Auth emulator: the link is read from the emulator's oobCodes
 * endpoint and opened in the page, exactly as a jeweler would open it from the email. A first link creates the
 * account (the consent gate follows); a used link fails with clear words and a way to ask for a new one.
 */
import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { uniqueEmail } from "./support.ts";

test.describe.configure({ mode: "serial" });

const screens = join(process.cwd(), "test-results", "screens");
const email = uniqueEmail("link");
let usedLink = "";

/** The newest email-sign-in link the emulator "sent" to this address. */
async function latestSignInLink(request: APIRequestContext, to: string): Promise<string> {
  const host = process.env.BEZ_E2E_AUTH_HOST;
  const project = process.env.BEZ_E2E_PROJECT_ID ?? "demo-bez";
  if (!host) throw new Error("BEZ_E2E_AUTH_HOST is not set");
  let link = "";
  await expect(async () => {
    const response = await request.get(`http://${host}/emulator/v1/projects/${project}/oobCodes`);
    expect(response.ok()).toBeTruthy();
    const { oobCodes } = (await response.json()) as { oobCodes: Array<{ email: string; requestType: string; oobLink: string }> };
    const mine = oobCodes.filter((c) => c.email === to && c.requestType === "EMAIL_SIGNIN");
    expect(mine.length).toBeGreaterThan(0);
    link = mine[mine.length - 1]!.oobLink;
  }).toPass({ timeout: 10_000 });
  return link;
}

test("a sign-in link signs a new jeweler in on the same device, then asks for the consents", async ({ page, request }) => {
  await page.goto("/sign-in");
  const link = page.getByRole("button", { name: "Email me a sign-in link" });
  await link.click();
  await expect(page.getByText("Enter your email above, and we'll send the link there.")).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await link.click();
  await expect(page.getByTestId("magic-link-sent")).toContainText(email);
  await page.screenshot({ path: join(screens, "magic-link.png"), fullPage: true });

  usedLink = await latestSignInLink(request, email);
  await page.goto(usedLink);
  // The emulator's action page hands over to /sign-in/finish, which completes with the stored email.
  await expect(page).toHaveURL(/\/studio$/);
  await expect(page.getByRole("heading", { name: "Before you begin" })).toBeVisible();
  await page.getByLabel("I am 13 or older").check();
  await page.getByLabel(/I accept the privacy policy/).check();
  await page.getByRole("button", { name: "Continue to studio" }).click();
  await expect(page.getByTestId("me-email")).toHaveText(email);
  // An email-link sign-in proves the address: no verification reminder.
  await expect(page.getByTestId("verify-email-banner")).toHaveCount(0);
  // Neither the one-time code nor the email is in the address.
  expect(page.url()).not.toContain("oobCode");
  expect(page.url()).not.toContain(encodeURIComponent(email));
});

test("a used link, opened on another device, asks for the email and then says the link is spent", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    // The Auth service answers the spent code with a 400, which Chromium logs; anything else is a failure.
    if (m.type() === "error" && !/status of 400/.test(m.text())) errors.push(m.text());
  });
  await page.goto(usedLink);
  await expect(page).toHaveURL(/\/sign-in\/finish/);
  await expect(page.getByRole("heading", { name: "Confirm your email" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Please enter your email address.")).toBeVisible();
  await page.getByRole("textbox", { name: "Email" }).fill(email);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("magic-link-error")).toContainText("already been used");
  expect(page.url()).not.toContain("oobCode");
  await page.screenshot({ path: join(screens, "magic-link-used.png"), fullPage: true });
  await page.getByRole("link", { name: "Get a new sign-in link" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect(errors).toEqual([]);
  await context.close();
});
