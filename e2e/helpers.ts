// Shared by the specs: a browser page that reports client errors, the sign-up form, and the
// operator CLI against the e2e server's database.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { type Browser, expect, type Page } from "@playwright/test";

/** An admin made with `npm run admin -- create-user` (the setup project owns the first account). */
export function createAdminWithCli(who: { name: string; email: string; password: string }) {
  execFileSync(
    "node_modules/.bin/tsx",
    [
      "--conditions=react-server",
      "scripts/admin.ts",
      "create-user",
      "--email",
      who.email,
      "--name",
      who.name,
      "--password",
      who.password,
      "--role",
      "admin",
    ],
    { env: { ...process.env, DATABASE_URL: `file:${path.resolve(".test-data/e2e/e2e.db")}` }, stdio: "pipe" },
  );
}

export async function newPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}) {
  const context = await browser.newContext({
    permissions: ["clipboard-read", "clipboard-write"],
    acceptDownloads: true,
    ...options,
  });
  const page = await context.newPage();
  // Surface client-side errors (hydration, exceptions) in the run's output.
  page.on("pageerror", (error) => console.log(`[pageerror] ${page.url()}: ${error.message}`));
  page.on("console", (msg) => msg.type() === "error" && console.log(`[console.error] ${page.url()}: ${msg.text()}`));
  return { context, page };
}

export async function signUp(page: Page, who: { name: string; email: string; password: string }) {
  await page.getByLabel("Name", { exact: true }).fill(who.name);
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}
