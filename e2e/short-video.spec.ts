// The Short video page: reachable from the nav, a paste without a link answers a clear error and
// nothing is charged; the team's history starts empty. (Parsing itself is covered offline over
// HTTP in test/http/short-video.test.ts against loopback platform fixtures.)
import { expect, test } from "@playwright/test";

const run = Date.now().toString(36);
const who = { name: "Sam Short", email: `sam-${run}@example.test`, password: "correct-horse-43" };

test("Short video page: nav, paste without a link, empty history", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Name", { exact: true }).fill(who.name);
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Password", { exact: true }).fill(who.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.getByRole("link", { name: "Short video" }).first().click();
  await expect(page).toHaveURL(/\/short-video$/);
  await expect(page.getByRole("heading", { name: "Short video" })).toBeVisible();
  await expect(page.getByText("No parses yet.")).toBeVisible();

  await page.getByLabel("Share text or link").fill("7.43 FuL:/ 只有标题 复制此链接，打开Dou音搜索");
  await page.getByRole("button", { name: "Parse" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Share text" })).toContainText("no http(s) URL was found in the text");
});
