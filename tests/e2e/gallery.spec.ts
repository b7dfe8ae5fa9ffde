/**
 * The gallery in real Chromium against the whole stack: the empty state, uploads (file picker) with their
 * errors in plain words, thumbnails through signed links, the keyboard viewer, downloads in a format and a
 * marketplace size (dimensions checked from the downloaded bytes), and deletion with confirmation.
 */
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { downloadedImage, ringPng, signIn, signUp, uniqueEmail } from "./support.ts";

test.describe.configure({ mode: "serial" });

const email = uniqueEmail("gallery");
const screens = join(process.cwd(), "test-results", "screens");

function fileInput(page: Page) {
  return page.getByLabel(/Choose images to upload/);
}

function filter(page: Page, name: "All" | "Uploads" | "Generated") {
  return page.getByRole("group", { name: "Show" }).getByRole("button", { name, exact: true });
}

async function thumbnailsLoaded(page: Page, count: number) {
  const tiles = page.locator("[data-tile]");
  await expect(tiles).toHaveCount(count);
  for (let i = 0; i < count; i++) {
    await expect.poll(() => tiles.nth(i).locator("img").evaluate((img) => (img as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  }
}

test("an empty gallery points to the studio, and Gallery is in the navigation", async ({ page }) => {
  await signUp(page, email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Gallery" }).click();
  await expect(page).toHaveURL(/\/gallery$/);
  await expect(page.getByRole("heading", { level: 1, name: "Gallery" })).toBeVisible();
  const empty = page.getByTestId("gallery-empty");
  await expect(empty).toContainText("Your gallery is empty");
  await filter(page, "Generated").click();
  await expect(empty).toContainText("No generated images yet");
  await filter(page, "All").click();
  await empty.getByRole("link", { name: "Open the studio" }).click();
  await expect(page).toHaveURL(/\/studio$/);
});

test("uploads show progress and say plainly what is wrong with a file", async ({ page, consoleWatch }) => {
  // The damaged PNG is refused by the API (400), which Chromium logs: that one is expected.
  const api = process.env.BEZ_E2E_API_URL ?? "";
  consoleWatch.allow((e) => /status of 400/.test(e.text) && e.url.startsWith(api));

  await signIn(page, email, "/gallery");
  await expect(page.getByTestId("gallery-empty")).toBeVisible();
  const png = await ringPng(600, 400);
  await fileInput(page).setInputFiles([
    { name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a picture") },
    { name: "damaged.png", mimeType: "image/png", buffer: Buffer.concat([png.subarray(0, 64), Buffer.alloc(256, 7)]) },
    { name: "solitaire.png", mimeType: "image/png", buffer: png },
    { name: "halo.png", mimeType: "image/png", buffer: await ringPng(480, 640, "#e0115f") },
  ]);
  const uploads = page.getByTestId("upload-list");
  const item = (name: string) => uploads.locator("li").filter({ hasText: name });
  await expect(item("notes.txt")).toContainText("That file type isn't supported");
  await expect(item("notes.txt")).toContainText("Please use a PNG, JPEG or WebP image.");
  await expect(item("damaged.png")).toContainText("We couldn't read that image");
  await expect(item("damaged.png")).toContainText(/Reference: \S+/);
  await expect(item("solitaire.png")).toContainText("Uploaded and encrypted");
  await expect(item("halo.png")).toContainText("Uploaded and encrypted");

  await thumbnailsLoaded(page, 2);
  await expect(page.getByText("2 images")).toBeVisible();
  await filter(page, "Uploads").click();
  await thumbnailsLoaded(page, 2);
  await filter(page, "Generated").click();
  await expect(page.getByTestId("gallery-empty")).toContainText("No generated images yet");
  await filter(page, "All").click();
  await thumbnailsLoaded(page, 2);

  await item("notes.txt").getByRole("button", { name: "Dismiss notes.txt" }).click();
  await expect(item("notes.txt")).toHaveCount(0);
  await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: join(screens, "gallery.png"), fullPage: true });
});

test("the viewer works with the keyboard: open, arrows, focus kept inside, Esc returns focus", async ({ page }) => {
  await signIn(page, email, "/gallery");
  await thumbnailsLoaded(page, 2);

  // From the last filter, Tab reaches the first tile; Enter opens it.
  await filter(page, "Generated").focus();
  await page.keyboard.press("Tab");
  const first = page.locator("[data-tile]").first();
  await expect(first).toBeFocused();
  await page.keyboard.press("Enter");

  const viewer = page.getByRole("dialog");
  await expect(viewer).toBeVisible();
  const body = page.getByTestId("image-viewer");
  // The two files uploaded side by side, so either may be the newer one; arrows must reach the other.
  const sizes = ["480 × 640 px", "600 × 400 px"];
  await expect(page.getByTestId("viewer-dimensions")).toHaveText(/^(480 × 640|600 × 400) px$/);
  const shownFirst = (await page.getByTestId("viewer-dimensions").textContent()) ?? "";
  const other = sizes.find((size) => size !== shownFirst) ?? "";
  await expect(page.getByTestId("viewer-kind")).toHaveText("Upload");
  await expect(page.getByTestId("viewer-title")).toHaveText("Uploaded photo");
  await expect(page.getByTestId("viewer-facts")).toContainText(/\d{4}/);
  await expect(viewer.getByText("1 of 2")).toBeVisible();
  const firstId = await body.getAttribute("data-image-id");

  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("viewer-dimensions")).toHaveText(other);
  await expect(viewer.getByText("2 of 2")).toBeVisible();
  await page.keyboard.press("ArrowRight"); // the last one: stays
  await expect(viewer.getByText("2 of 2")).toBeVisible();
  await page.keyboard.press("ArrowLeft");
  await expect(body).toHaveAttribute("data-image-id", firstId!);

  // Tab and Shift+Tab never leave the dialog.
  for (let i = 0; i < 16; i++) {
    await page.keyboard.press(i % 5 === 4 ? "Shift+Tab" : "Tab");
    expect(await page.evaluate("Boolean(document.activeElement?.closest('dialog[open]'))")).toBe(true);
  }

  await page.keyboard.press("Escape");
  await expect(viewer).toBeHidden();
  await expect(first).toBeFocused();
});

test("downloads: PNG at full size, and exact marketplace canvases", async ({ page }) => {
  await signIn(page, email, "/gallery");
  await thumbnailsLoaded(page, 2);
  // The landscape upload: the two were uploaded side by side, so it may be either tile.
  await page.locator("[data-tile]").first().click();
  const dimensions = page.getByTestId("viewer-dimensions");
  await expect(dimensions).toHaveText(/^(480 × 640|600 × 400) px$/);
  if ((await dimensions.textContent()) !== "600 × 400 px") await page.keyboard.press("ArrowRight");
  await expect(dimensions).toHaveText("600 × 400 px");

  const [png] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download as PNG" }).click()]);
  expect(await downloadedImage(png)).toMatchObject({ width: 600, height: 400, format: "png", name: expect.stringMatching(/^bez-.+\.png$/) });
  await expect(page.getByText("Downloaded")).toBeVisible();
  await expect(page.getByTestId("download-name")).toHaveText(/^bez-.+\.png$/);

  const [webp] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download as WebP" }).click()]);
  expect(await downloadedImage(webp)).toMatchObject({ width: 600, height: 400, format: "webp" });

  const [amazon] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download for Amazon, 2000 × 2000 pixels" }).click(),
  ]);
  expect(await downloadedImage(amazon)).toMatchObject({ width: 2000, height: 2000, format: "jpeg", name: expect.stringMatching(/amazon-2000x2000\.jpg$/) });

  const [etsy] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download for Etsy, 2000 × 1600 pixels" }).click()]);
  expect(await downloadedImage(etsy)).toMatchObject({ width: 2000, height: 1600, format: "jpeg" });

  await page.screenshot({ path: join(screens, "gallery-viewer.png"), animations: "disabled" });
  await page.keyboard.press("Escape");
});

test("delete asks first, then removes the image; the last one leaves the empty state", async ({ page }) => {
  await signIn(page, email, "/gallery");
  await thumbnailsLoaded(page, 2);
  await page.locator("[data-tile]").first().click();
  const viewer = page.getByTestId("image-viewer");
  const doomed = await viewer.getAttribute("data-image-id");

  // Cancel keeps it, and focus goes back to the delete button.
  const deleteButton = page.getByRole("button", { name: "Delete image" });
  await deleteButton.click();
  const confirm = page.getByRole("dialog", { name: "Delete this image?" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(confirm).toBeHidden();
  await expect(deleteButton).toBeFocused();

  await deleteButton.click();
  await confirm.getByRole("button", { name: "Delete image" }).click();
  await expect(confirm).toBeHidden();
  // The viewer moves on to the remaining image.
  await expect(viewer).not.toHaveAttribute("data-image-id", doomed!);
  await expect(page.getByText("1 of 1")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.locator(`[data-image-id="${doomed}"][data-tile]`)).toHaveCount(0);
  await thumbnailsLoaded(page, 1);

  await page.reload();
  await thumbnailsLoaded(page, 1);
  await page.locator("[data-tile]").first().click();
  await page.getByRole("button", { name: "Delete image" }).click();
  await page.getByRole("dialog", { name: "Delete this image?" }).getByRole("button", { name: "Delete image" }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByTestId("gallery-empty")).toContainText("Your gallery is empty");
});

test("gallery at mobile width", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, email, "/gallery");
  await fileInput(page).setInputFiles([{ name: "mobile.png", mimeType: "image/png", buffer: await ringPng(800, 800) }]);
  await thumbnailsLoaded(page, 1);
  await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: join(screens, "gallery-mobile.png"), fullPage: true });
  await page.locator("[data-tile]").first().click();
  await expect(page.getByTestId("viewer-dimensions")).toHaveText("800 × 800 px");
  await page.screenshot({ path: join(screens, "gallery-viewer-mobile.png") });
});

test("files dropped on the upload area are uploaded too", async ({ page }) => {
  await signIn(page, email, "/gallery");
  await thumbnailsLoaded(page, 1);
  const bytes = [...(await ringPng(320, 320))];
  // Built in the page (a DataTransfer cannot cross from Node); string form, as tests/ compile without DOM types.
  const dataTransfer = await page.evaluateHandle(
    `(() => { const dt = new DataTransfer(); dt.items.add(new File([new Uint8Array(${JSON.stringify(bytes)})], "dropped.png", { type: "image/png" })); return dt; })()`,
  );
  const zone = page.getByTestId("upload-zone");
  await zone.dispatchEvent("dragenter", { dataTransfer });
  await expect(zone).toContainText("Release to upload");
  await zone.dispatchEvent("drop", { dataTransfer });
  await expect(page.getByTestId("upload-list").locator("li").filter({ hasText: "dropped.png" })).toContainText("Uploaded and encrypted");
  await thumbnailsLoaded(page, 2);
});
