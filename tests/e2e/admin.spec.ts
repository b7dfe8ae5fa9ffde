/**
 * The admin console in real Chromium: a jeweler gets the 403 page; an admin (made one with `npm run grant-role`) looks
 * accounts up, changes a role, filters the audit log, opens an event, verifies the log and downloads it as CSV. The
 * last test tampers for real: it runs an API of its own with a fresh data directory, stops it, edits one stored audit
 * event in the embedded store, restarts it, and verification names exactly that event.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEmbeddedStore } from "../../functions/src/adapters/embedded-store/index.ts";
import { startApi, type ApiServer } from "../../local/src/processes/api.ts";
import { freePorts } from "../../local/src/processes/free-port.ts";
import { startWeb, type WebServer } from "../../local/src/processes/web.ts";
import { expect, test } from "./fixtures.ts";
import { createAccount, grantRole } from "./staff.ts";
import { password, signIn, uniqueEmail } from "./support.ts";

test.describe.configure({ mode: "serial" });

const screens = join(process.cwd(), "test-results", "screens");

test("a jeweler who opens an admin page gets a clear 403 page, without the admin console", async ({ page }) => {
  const email = uniqueEmail("jeweler");
  await createAccount(email);
  await signIn(page, email, "/admin/audit");

  const forbidden = page.getByTestId("forbidden");
  await expect(forbidden.getByRole("heading", { level: 1 })).toHaveText("This page is for the Bez team");
  await expect(forbidden).toContainText("403");
  await expect(page.getByRole("navigation", { name: "Admin sections" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
  await page.screenshot({ path: join(screens, "admin-403.png"), fullPage: true });

  await forbidden.getByRole("link", { name: "Back to your studio" }).click();
  await expect(page).toHaveURL(/\/studio$/);
});

test("an admin looks up accounts, changes a role, filters the audit log, verifies it and downloads it", async ({ page, consoleWatch }) => {
  test.setTimeout(120_000);
  // Chromium logs the two refusals this journey asks for: an unknown email (404) and the admin's own role (409).
  consoleWatch.allow((e) => /status of 404/.test(e.text) && e.url.includes("/v1/admin/users?email=nobody-"));
  consoleWatch.allow((e) => /status of 409/.test(e.text) && /\/v1\/admin\/users\/[^/]+\/role$/.test(e.url));
  const adminEmail = uniqueEmail("admin");
  const memberEmail = uniqueEmail("member");
  await createAccount(adminEmail);
  const memberUid = await createAccount(memberEmail);
  await grantRole(adminEmail, "admin");
  await signIn(page, adminEmail, "/admin");

  // The overview offers all three sections to an admin; the header has the Admin entry.
  await expect(page.getByRole("link", { name: "Admin", exact: true }).first()).toBeVisible();
  for (const section of ["Audit log", "Users and roles", "Notices"]) {
    await expect(page.getByRole("main").getByRole("link", { name: new RegExp(section) }).first()).toBeVisible();
  }

  // Users: an unknown email, then a real account whose role changes after a confirmation.
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Users and roles" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  const lookup = page.getByRole("search", { name: "Look up an account" });
  await lookup.getByLabel("Email").fill(uniqueEmail("nobody"));
  await lookup.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByText("No account uses that email")).toBeVisible();

  await lookup.getByLabel("Email").fill(memberEmail);
  await lookup.getByRole("button", { name: "Look up" }).click();
  const card = page.getByTestId("user-card");
  await expect(card.getByTestId("user-uid")).toHaveText(memberUid);
  await card.getByLabel("New role").selectOption("support");
  await card.getByRole("button", { name: "Change role" }).click();
  const confirm = page.getByRole("dialog", { name: /Make .* a support\?/ });
  await expect(confirm).toContainText("signed out on every device");
  await confirm.getByRole("button", { name: "Change role and sign them out" }).click();
  await expect(confirm).toBeHidden();
  await expect(card.getByText("Role changed from user to support")).toBeVisible();
  await page.mouse.wheel(0, -100_000);
  await page.screenshot({ path: join(screens, "admin-users.png"), fullPage: true });

  // Their own role: refused (409) in plain words.
  await lookup.getByLabel("Email").fill(adminEmail);
  await lookup.getByRole("button", { name: "Look up" }).click();
  await card.getByLabel("New role").selectOption("auditor");
  await card.getByRole("button", { name: "Change role" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Change role and sign them out" }).click();
  await expect(page.getByRole("dialog").getByText("You can’t change your own role")).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  // Audit log filtered by action: the URL keeps the filter, every row is that action.
  await page.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await page.getByLabel("Action").selectOption("role.changed");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/[?&]action=role\.changed/);
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  await expect(page.getByTestId("audit-count")).toBeVisible();
  const actions = await rows.locator("td:nth-child(2)").allInnerTexts();
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions.map((a) => a.trim()))).toEqual(new Set(["role.changed"]));
  await expect(rows.filter({ hasText: memberUid }).first()).toBeVisible();
  await page.screenshot({ path: join(screens, "admin-audit-filtered.png"), fullPage: true });

  // A reload keeps the filter.
  await page.reload();
  await expect(page.getByLabel("Action")).toHaveValue("role.changed");

  // The drawer: every field; Esc closes it and focus returns to the row's button.
  const target = rows.filter({ hasText: memberUid }).first();
  const eventId = await target.getAttribute("data-event-id");
  await target.click();
  const drawer = page.getByRole("dialog", { name: "Audit event" });
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId("audit-drawer")).toContainText(eventId ?? "missing id");
  await expect(drawer).toContainText("IP address");
  await expect(drawer).toContainText("Request id");
  await page.screenshot({ path: join(screens, "admin-audit-drawer.png") });
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();

  // Verify: intact.
  await page.getByRole("button", { name: "Verify" }).click();
  const verdict = page.getByTestId("audit-verdict");
  await expect(verdict).toHaveAttribute("data-ok", "true");
  await expect(verdict).toContainText(/Intact — [\d,]+ events, [\d,]+ digests checked/);
  await page.mouse.wheel(0, -100_000);
  await page.screenshot({ path: join(screens, "admin-audit-verified.png") });

  // CSV of the filtered view: a header row, then exactly the rows shown.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = (await readFile(await download.path(), "utf8")).trim().split(/\r?\n/);
  expect(csv[0]).toMatch(/action/);
  expect(csv[0]).toMatch(/outcome/);
  const dataRows = csv.slice(1);
  expect(dataRows.length).toBe(actions.length);
  for (const line of dataRows) expect(line).toContain("role.changed");
  expect(dataRows.some((line) => line.includes(eventId ?? "missing id"))).toBe(true);

  // On a phone the table scrolls inside its frame; the page itself stays 390 wide.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(rows.first()).toBeVisible();
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
  await page.screenshot({ path: join(screens, "admin-audit-mobile.png"), fullPage: true });
});

/** Runs `fn` with extra environment variables that child processes started meanwhile inherit. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Changes the outcome of the oldest stored audit event (certainly sealed in a digest); returns its id. */
async function tamperOldestAuditEvent(dataDir: string): Promise<string> {
  const indexes: unknown = JSON.parse(await readFile(join(process.cwd(), "firestore.indexes.json"), "utf8"));
  const store = await createEmbeddedStore({ dir: join(dataDir, "documents"), indexes });
  try {
    const { docs } = await store.query({ collection: "audit", limit: 1 });
    const oldest = docs[0];
    if (!oldest) throw new Error("no audit event stored");
    const outcome = oldest.data.outcome === "denied" ? "success" : "denied";
    await store.update(`audit/${oldest.id}`, { outcome });
    return oldest.id;
  } finally {
    await store.close();
  }
}

test("after a real edit of a stored audit event, verification names that event", async ({ page }) => {
  test.setTimeout(240_000);
  const redisUrl = process.env.BEZ_E2E_REDIS_URL;
  const authHost = process.env.BEZ_E2E_AUTH_HOST;
  const projectId = process.env.BEZ_E2E_PROJECT_ID;
  if (!redisUrl || !authHost || !projectId) throw new Error("BEZ_E2E_REDIS_URL, BEZ_E2E_AUTH_HOST and BEZ_E2E_PROJECT_ID must be set");

  const dataDir = await mkdtemp(join(tmpdir(), "bez-e2e-tamper-"));
  const [apiPort, webPort] = await freePorts(2);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  // Seal digests every second, over events older than a second, so a sealed log exists within moments.
  const auditEnv = { BEZ_AUDIT_DIGEST_SECONDS: "1", BEZ_AUDIT_SETTLE_SECONDS: "1" };
  const startOwnApi = () =>
    withEnv(auditEnv, () =>
      startApi({ port: apiPort!, dataDir, redisUrl, projectId, authHost, webOrigins: [webUrl], onOutput: () => undefined }),
    );
  let api: ApiServer | null = null;
  let web: WebServer | null = null;
  try {
    api = await startOwnApi();
    web = await startWeb({ port: webPort!, apiUrl, projectId, authHost, onOutput: () => undefined });

    const email = uniqueEmail("auditor-admin");
    await createAccount(email, apiUrl);
    await grantRole(email, "admin");
    await page.goto(`${webUrl}/sign-in?next=${encodeURIComponent("/admin/audit")}`);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(page.getByTestId("audit-row").first()).toBeVisible();

    // A few more audited actions, then wait until the log is sealed in at least one digest.
    await page.getByLabel("Action").selectOption("audit.viewed");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page.getByTestId("audit-row").first()).toBeVisible();
    const verdict = page.getByTestId("audit-verdict");
    await expect(async () => {
      await page.getByRole("button", { name: "Verify" }).click();
      await expect(verdict).toHaveAttribute("data-ok", "true", { timeout: 3_000 });
      await expect(verdict).toContainText(/Intact — [\d,]+ events, [1-9][\d,]* digests checked/, { timeout: 3_000 });
    }).toPass({ timeout: 60_000, intervals: [1_000] });

    // Stop the API (the embedded store has one owner), edit one stored event offline, start it again.
    await api.stop();
    api = null;
    const tampered = await tamperOldestAuditEvent(dataDir);
    api = await startOwnApi();

    await page.getByRole("button", { name: "Verify" }).click();
    await expect(verdict).toHaveAttribute("data-ok", "false");
    await expect(verdict).toContainText("Tampering detected at");
    await expect(page.getByTestId("audit-broken-at")).toHaveText(tampered);
    await page.screenshot({ path: join(screens, "admin-audit-tampered.png"), fullPage: true });
  } finally {
    await web?.stop();
    await api?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
