// Orders in the browser against the production build: an admin uploads a file on New order and
// watches it finish live, plays and downloads a stem; a teammate sees it appear in Orders without
// reloading; CSV export; prices; a failed order; the API docs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, statePath, test } from "./fixtures";

const run = Date.now().toString(36);
const SCREENS = "test-results/screens";
const ORDER_URL = /\/orders\/([A-Za-z0-9]{18})$/;

let audioFile: string;

/** An order made over the browser API (upload, create) and awaited until it has finished. */
async function finishedOrder(request: APIRequestContext): Promise<string> {
  const uploaded = await request.post("/api/uploads", {
    multipart: { file: { name: "tone.wav", mimeType: "audio/wav", buffer: fs.readFileSync(audioFile) } },
  });
  expect(uploaded.status()).toBe(201);
  const { pathKey } = await uploaded.json();
  const created = await request.post("/api/orders", { data: { orderType: "track-separation", stuff: { pathKey } } });
  expect(created.status(), await created.text()).toBe(201);
  const { orderNo } = await created.json();
  await expect
    .poll(async () => (await (await request.get(`/api/orders/${orderNo}`)).json()).status, { timeout: 45_000 })
    .toBe("finish");
  return orderNo;
}

/** Uploads the test file on New order and waits until the server has it. */
async function uploadOnNewOrder(page: Page) {
  await page.locator('input[type="file"]').setInputFiles(audioFile);
  const card = page.getByTestId("upload-card");
  await expect(card).toContainText(path.basename(audioFile));
  await expect(card.getByText("Uploaded")).toBeVisible();
  // The browser read the length: 0:05.
  await expect(card).toContainText("0:05");
}

test.beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mixdesk-e2e-"));
  audioFile = path.join(dir, "tone.wav");
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=5",
    "-ac",
    "2",
    audioFile,
  ]);
});

test.beforeAll(async ({ browser }) => {
  // Orders cost credits: the admin gets some for this file's orders.
  const context = await browser.newContext({ storageState: statePath("admin") });
  const me = await (await context.request.get("/api/me")).json();
  const grant = await context.request.post(`/api/admin/users/${me.user.id}/credits`, {
    data: { amount: 500, reason: `E2E orders ${run}` },
  });
  expect(grant.ok()).toBe(true);
  await context.close();
});

test.afterAll(async () => {
  if (audioFile) fs.rmSync(path.dirname(audioFile), { recursive: true, force: true });
});

test("admins see the order and admin pages; members only the order pages", async ({ adminPage, memberPage }) => {
  await adminPage.goto("/dashboard");
  const nav = adminPage.getByRole("navigation", { name: "Main" });
  for (const name of ["New order", "Orders", "API docs", "Prices"])
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  await memberPage.goto("/dashboard");
  await expect(memberPage.getByRole("link", { name: "Orders", exact: true })).toBeVisible();
  await expect(memberPage.getByRole("link", { name: "Prices", exact: true })).toHaveCount(0);
});

test("an uploaded file becomes an order that finishes live; stems play and download; the teammate sees it", async ({
  adminPage: page,
  memberPage,
  admin,
}) => {
  // The teammate is already looking at Orders; the new order must appear there by itself.
  await memberPage.goto("/orders");
  await expect(memberPage.getByRole("heading", { level: 1, name: "Orders" })).toBeVisible();
  await memberPage.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

  const { prices } = await (await page.request.get("/api/prices")).json();
  const price = prices.find((p: { orderType: string }) => p.orderType === "track-separation");
  const expected = price.baseCredits + price.perMinuteCredits; // 5 s is one started minute

  await page.goto("/orders/new");
  await expect(page.getByRole("heading", { level: 1, name: "New order" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /^Track separation/ })).toBeChecked();
  await expect(page.getByTestId("estimate")).toContainText("From");
  const { balance } = await (await page.request.get("/api/me")).json();
  await expect(page.getByTestId("available")).toHaveAttribute("data-value", String(balance));
  await uploadOnNewOrder(page);
  await expect(page.getByTestId("estimate")).toHaveAttribute("data-value", String(expected));
  await expect(page.getByTestId("estimate-rule")).toContainText("1 started minute");
  await page.screenshot({ path: `${SCREENS}/new-order.png`, fullPage: true });

  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(ORDER_URL);
  const orderNo = ORDER_URL.exec(page.url())![1];

  // Live: the progress bar first, with a percentage, then the players.
  const bar = page.getByRole("progressbar", { name: "Order progress" });
  await expect(bar).toBeVisible();
  expect(Number(await bar.getAttribute("aria-valuenow"))).toBeGreaterThanOrEqual(0);
  await page.screenshot({ path: `${SCREENS}/order-live.png`, fullPage: true });
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "finish", { timeout: 45_000 });
  await expect(bar).toBeHidden();

  const stems = page.getByTestId("stem");
  await expect(stems).toHaveCount(2);
  await expect(stems.filter({ hasText: "Vocals" })).toBeVisible();
  await expect(stems.filter({ hasText: "Accompaniment" })).toBeVisible();
  await expect(page.getByTestId("order-cost")).toHaveAttribute("data-value", String(expected));
  await expect(page.getByTestId("order-creator")).toHaveText(admin.name);

  // The stem player plays them (its own spec, stem-player.spec.ts, measures what it plays).
  const play = page.getByTestId("stem-play");
  await play.click();
  await expect(play).toHaveAttribute("data-state", "playing", { timeout: 20_000 });
  await expect(page.getByTestId("stem-time")).not.toHaveText(/^0:00 /, { timeout: 10_000 });
  await play.click();

  const vocals = stems.filter({ hasText: "Vocals" });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    vocals.getByRole("link", { name: /^Download Vocals/ }).click(),
  ]);
  // Named after the work (the uploaded file's name).
  expect(download.suggestedFilename()).toBe("tone - vocals.mp3");
  const bytes = fs.readFileSync(await download.path());
  expect(bytes.length).toBeGreaterThan(1000);
  await page.screenshot({ path: `${SCREENS}/order.png`, fullPage: true });

  // The teammate's list picked it up without a reload, with the admin as its creator.
  const row = memberPage.getByTestId("order-row").filter({ hasText: orderNo });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await expect(row).toContainText(admin.name);
  await expect(row).toContainText("Track separation");
  await expect(row).toContainText("Finished", { timeout: 15_000 });
  expect(await memberPage.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
    true,
  );
  await memberPage.screenshot({ path: `${SCREENS}/orders.png`, fullPage: true });
});

test("Orders filters, searches and exports CSV", async ({ adminPage, memberPage: page, admin }) => {
  const orderNo = await finishedOrder(adminPage.request);
  await page.goto("/orders");
  await page.getByLabel("Search").fill(orderNo.slice(2, 12));
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await page.getByLabel("Status").selectOption("failed");
  await expect(page.getByText("No orders match the filters.")).toBeVisible();
  await page.getByLabel("Status").selectOption("finish");
  await expect(page.getByTestId("order-row").filter({ hasText: orderNo })).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = fs.readFileSync(await download.path(), "utf8");
  expect(csv.split("\r\n")[0]).toContain("orderNo");
  expect(csv).toContain(orderNo);
  expect(csv).toContain(admin.email);

  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page.getByLabel("Search")).toHaveValue("");
  // Rows are headed by the work's name (here the file's, "tone"), the order number beneath.
  await page.getByTestId("order-row").filter({ hasText: orderNo }).getByRole("link", { name: "tone" }).click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}$`));
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "finish");
});

test("an admin changes a price and New order estimates with it", async ({ adminPage: page }) => {
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Prices" }).click();
  await expect(page).toHaveURL(/\/admin\/prices$/);
  const base = page.getByLabel("Base credits for Track separation");
  const perMinute = page.getByLabel("Credits per started minute for Track separation");
  await expect(base).toBeVisible();

  await base.fill("-1");
  await page.getByRole("button", { name: "Save prices" }).click();
  await expect(base).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a whole number of credits")).toBeVisible();

  await base.fill("8");
  await perMinute.fill("3");
  await page.getByRole("button", { name: "Save prices" }).click();
  await expect(page.getByText("Prices saved.")).toBeVisible();
  await expect(base).not.toHaveAttribute("aria-invalid", "true");
  await page.screenshot({ path: `${SCREENS}/admin-prices.png`, fullPage: true });

  await page.goto("/orders/new");
  await expect(page.getByTestId("estimate")).toHaveAttribute("data-value", "11");
  await uploadOnNewOrder(page);
  await expect(page.getByTestId("estimate")).toHaveAttribute("data-value", "11");
  await expect(page.getByTestId("estimate-rule")).toContainText("8 base + 3 × 1 started minute");
});

test("an extract-text order nothing can read fails with its reason and is not charged", async ({ adminPage: page }) => {
  await page.goto("/orders/new");
  await page.getByRole("radio", { name: /^Extract text/ }).check();
  await uploadOnNewOrder(page);
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(ORDER_URL);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  await expect(page.getByTestId("order-reason")).toHaveText(
    "No transcription engine could read this file: it has no subtitles of its own and no transcription server is set up.",
  );
  await expect(page.getByTestId("order-next-step")).toContainText("Admin → Settings → Transcription");
  await expect(page.getByTestId("order-cost")).toHaveText("0 credits");
  expect((await (await page.request.get("/api/me")).json()).held).toBe(0);
  await expect(page.getByTestId("stem")).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/order-failed.png`, fullPage: true });
});

test("New order explains a missing file, and an unknown order says so", async ({ adminPage: page }) => {
  await page.goto("/orders/new");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page.getByText("Upload a file, choose one from Files or paste a link")).toBeVisible();

  await page.getByText("Paste a link", { exact: true }).click();
  await expect(page.getByRole("radio", { name: "Paste a link" })).toBeChecked();
  const link = page.getByLabel("Link to the audio");
  await link.fill("ftp://example.com/a.mp3");
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(link).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter a link that starts with http:// or https://")).toBeVisible();
  await link.fill("https://example.com/song.mp3");
  await expect(page.getByTestId("estimate")).toContainText("From");
  await expect(page.getByTestId("estimate-rule")).toContainText("per started minute");

  await page.goto("/orders/NOSUCHORDER0000000");
  await expect(page.getByRole("heading", { name: "Order not found" })).toBeVisible();
});

test("the API docs page shows each operation with curl examples", async ({ memberPage: page }) => {
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API docs" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API docs" })).toBeVisible();
  const create = page.getByTestId("api-operation").filter({ hasText: "/api/open/v1/order/create" });
  await expect(create.getByRole("heading", { name: "Create an order" })).toBeVisible();
  await expect(create).toContainText("Authorization: Bearer $MIXDESK_API_KEY");
  await expect(create).toContainText("apiKey=$MIXDESK_API_KEY");
  await expect(create).toContainText("pathKey is required");
  await expect(create).toContainText('"orderType": "track-separation"');
  const query = page.getByTestId("api-operation").filter({ hasText: "/api/open/v1/order/query" });
  await expect(query).toContainText("Order not found");
  await expect(page.getByRole("link", { name: "OpenAPI JSON" })).toHaveAttribute("href", "/api/openapi.json");
  await page.screenshot({ path: `${SCREENS}/api-docs.png`, fullPage: true });
});

test("the order pages fit a 375px phone", async ({ adminPage }) => {
  const { orders } = await (await adminPage.request.get("/api/orders?pageSize=1")).json();
  const orderNo: string = orders[0]?.orderNo ?? (await finishedOrder(adminPage.request));
  await adminPage.setViewportSize({ width: 375, height: 812 });
  for (const p of ["/orders/new", "/orders", `/orders/${orderNo}`, "/admin/prices", "/docs/api"]) {
    await adminPage.goto(p);
    await expect(adminPage.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(adminPage.getByText("Loading…")).toHaveCount(0);
    const wide = await adminPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wide, p).toBeLessThanOrEqual(0);
  }
  await adminPage.goto("/orders/new");
  await adminPage.screenshot({ path: `${SCREENS}/new-order-mobile.png`, fullPage: true });
});
