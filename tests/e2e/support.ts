/**
 * Helpers for the gallery and studio journeys: a fresh account, images made at runtime (no fixtures on disk),
 * the size of a downloaded file, and fault injection into the local Replicate-compatible server.
 */
import { readFile } from "node:fs/promises";
import type { APIRequestContext, Download, Page } from "@playwright/test";
import sharp from "sharp";
import { expect } from "./fixtures.ts";

export const password = "Brilliant-Cut-Emerald-19";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/** Creates an account through the sign-up page and lands in the studio. */
export async function signUp(page: Page, email: string): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("I am 13 or older").check();
  await page.getByLabel("I accept the privacy policy").check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/studio$/);
  await expect(page.getByTestId("me-email")).toHaveText(email);
}

export async function signIn(page: Page, email: string, next = "/studio"): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/\//g, "\\/")}$`));
}

/** A product-like PNG drawn at runtime: a gold ring on white. */
export async function ringPng(width: number, height: number, gem = "#9fd3ff"): Promise<Buffer> {
  const r = Math.min(width, height) * 0.28;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <circle cx="${width / 2}" cy="${height / 2 + r * 0.25}" r="${r}" fill="none" stroke="#c9a25a" stroke-width="${r * 0.22}"/>
    <polygon points="${width / 2 - r * 0.35},${height / 2 - r * 0.75} ${width / 2 + r * 0.35},${height / 2 - r * 0.75} ${width / 2},${height / 2 - r * 0.25}" fill="${gem}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Width, height and format of a downloaded file, read from its bytes. */
export async function downloadedImage(download: Download): Promise<{ width: number; height: number; format: string; name: string }> {
  const path = await download.path();
  const meta = await sharp(await readFile(path)).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0, format: meta.format ?? "", name: download.suggestedFilename() };
}

/** Queues a fault for the next prediction(s) on the local Replicate-compatible server. */
export async function injectFault(request: APIRequestContext, fault: { mode: "fail" | "hang"; count?: number; error?: string }): Promise<void> {
  const base = process.env.BEZ_E2E_REPLICATE_URL;
  if (!base) throw new Error("BEZ_E2E_REPLICATE_URL is not set: the stack runs without the local Replicate-compatible server");
  const response = await request.post(`${base}/_faults`, { headers: { Authorization: "Bearer e2e" }, data: fault });
  expect(response.ok(), `fault injection answered ${response.status()}`).toBeTruthy();
}

export async function clearFaults(request: APIRequestContext): Promise<void> {
  const base = process.env.BEZ_E2E_REPLICATE_URL;
  if (base) await request.delete(`${base}/_faults`, { headers: { Authorization: "Bearer e2e" } });
}
