// Credits a person understands, against the production build: a new creator's own history (signed
// changes that add up to the balance, links to the order), the admin ledger filtered by kind and
// user and downloaded as CSV, the usage charts, a password change then a sign-in with the new one,
// an invite link copied again, and prices above the submit button on a phone.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
import { expect, statePath, test } from "./fixtures";
import { newPage, signUp } from "./helpers";

const run = Date.now().toString(36);
const SCREENS = "test-results/screens";
let audioFile: string;

test.beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mixdesk-credits-"));
  audioFile = path.join(dir, "tone.wav");
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=330:duration=5",
    "-ac",
    "2",
    audioFile,
  ]);
});

async function newCreator(browser: Browser, name: string) {
  const who = { name, email: `${name.toLowerCase()}-${run}@example.test`, password: "first password 1" };
  const { context, page } = await newPage(browser);
  await page.goto("/signup");
  await signUp(page, who);
  const me = await (await page.request.get("/api/me")).json();
  return { ...who, id: me.user.id as string, context, page };
}

/** Uploads the tone and makes an order over the browser API, awaited until finished (and charged). */
async function finishedOrder(page: Page) {
  const uploaded = await page.request.post("/api/uploads", {
    multipart: { file: { name: "tone.wav", mimeType: "audio/wav", buffer: fs.readFileSync(audioFile) } },
  });
  expect(uploaded.status()).toBe(201);
  const { pathKey } = await uploaded.json();
  const created = await page.request.post("/api/orders", {
    data: { orderType: "track-separation", stuff: { pathKey } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { orderNo } = await created.json();
  await expect
    .poll(async () => (await (await page.request.get(`/api/orders/${orderNo}`)).json()).payStatus, { timeout: 60_000 })
    .toBe("paid");
  return orderNo as string;
}

test("a creator's own history: signed changes that add up to the balance, each linked to its order", async ({
  browser,
  adminPage,
}) => {
  const creator = await newCreator(browser, "Cora");
  const granted = await adminPage.request.post(`/api/admin/users/${creator.id}/credits`, {
    data: { amount: 100, reason: `Starter ${run}` },
  });
  expect(granted.status()).toBe(200);
  const orderNo = await finishedOrder(creator.page);
  const page = creator.page;

  await page.goto("/dashboard");
  // The numbers arrive after the page: wait for them before reading.
  await expect(page.getByTestId("spent")).toHaveAttribute("data-value", /^[1-9]\d*$/);
  const balance = Number(await page.getByTestId("balance").getAttribute("data-value"));
  const spent = Number(await page.getByTestId("spent").getAttribute("data-value"));
  expect(spent).toBeGreaterThan(0);
  expect(balance).toBe(100 - spent);
  await expect(page.getByTestId("month-spent")).toHaveAttribute("data-value", String(spent));
  await expect(page.getByTestId("recent-order").filter({ hasText: orderNo })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Credits", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Credits" })).toBeVisible();
  await expect(page.getByText("Credits belong to each person, not to the team")).toBeVisible();
  const rows = page.getByTestId("credit-row");
  await expect(rows.filter({ hasText: `Starter ${run}` })).toBeVisible();
  const changes = await rows
    .getByTestId("credit-change")
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
  const helds = await rows
    .getByTestId("held-change")
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-value"))));
  expect(changes.reduce((a, b) => a + b, 0)).toBe(balance);
  expect(helds.reduce((a, b) => a + b, 0)).toBe(0);

  const charged = rows.filter({ has: page.locator('[data-kind="capture"]') });
  await expect(charged).toHaveCount(1);
  await expect(charged.getByTestId("credit-change")).toHaveText("0");
  await expect(charged.getByTestId("held-change")).toHaveText(`-${spent}`);
  await expect(
    rows
      .filter({ has: page.locator('[data-kind="hold"]') })
      .first()
      .getByTestId("credit-change"),
  ).toHaveText(/^-\d+$/);
  await page.screenshot({ path: `${SCREENS}/credits-history.png`, fullPage: true });
  await charged.getByTestId("ledger-order-link").click();
  await expect(page).toHaveURL(new RegExp(`/orders/${orderNo}$`));

  // The ledger as the admin sees it: holds only, for this person, and the same as CSV.
  await adminPage.goto(`/admin/ledger?userId=${creator.id}`);
  await adminPage.getByLabel("Kind").selectOption({ label: "Held" });
  await expect(adminPage).toHaveURL(/kind=hold/);
  const ledgerRows = adminPage.getByTestId("ledger-row");
  await expect(ledgerRows.first()).toBeVisible();
  await expect(ledgerRows.filter({ hasNot: adminPage.locator('[data-kind="hold"]') })).toHaveCount(0);
  for (const amount of await ledgerRows.getByTestId("ledger-amount").allTextContents())
    expect(amount).toMatch(/^-\d+$/);
  await expect(ledgerRows.first().getByTestId("ledger-order-link")).toHaveText(new RegExp(orderNo));
  await adminPage.screenshot({ path: `${SCREENS}/admin-ledger-filtered.png`, fullPage: true });

  const [download] = await Promise.all([
    adminPage.waitForEvent("download"),
    adminPage.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^mixdesk-ledger-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs
    .readFileSync(await download.path(), "utf8")
    .trim()
    .split("\r\n");
  expect(csv[0]).toBe(
    "createdAt,email,kind,amount,balanceChange,heldChange,spentChange,balanceAfter,heldAfter,orderNo,ref,reason,actor",
  );
  expect(csv.length).toBe((await ledgerRows.count()) + 1);
  for (const line of csv.slice(1)) {
    expect(line).toContain(`,"${creator.email}",hold,`);
    expect(line).toContain(`"${orderNo}"`);
  }
  await creator.context.close();
});

test("the admin usage page charts credits and minutes and exports them", async ({ adminPage: page }) => {
  await page.goto("/admin/usage");
  await expect(page.getByRole("heading", { level: 1, name: "Usage" })).toBeVisible();
  await expect(page.getByTestId("usage-total")).toHaveAttribute("data-credits", /^[1-9]\d*$/);
  for (const chart of ["usage-credits-chart", "usage-minutes-chart", "usage-team-chart"]) {
    await expect(page.getByTestId(chart).locator(".recharts-surface").first()).toBeVisible();
  }
  await expect(page.getByTestId("usage-credits-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("usage-top-user").first()).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/admin-usage.png`, fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const csv = fs
    .readFileSync(await download.path(), "utf8")
    .trim()
    .split("\r\n");
  expect(csv[0]).toBe("date,orderType,team,email,credits,minutes,orders");
  expect(csv.length).toBeGreaterThan(1);
});

test("a person changes their password: other sessions end, and the new one signs in", async ({ browser }) => {
  const person = await newCreator(browser, "Pia");
  const other = await newPage(browser);
  await other.page.goto("/signin");
  await other.page.getByLabel("Email", { exact: true }).fill(person.email);
  await other.page.getByLabel("Password", { exact: true }).fill(person.password);
  await other.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(other.page).toHaveURL(/\/dashboard$/);

  const page = person.page;
  await page.getByRole("link", { name: "Account", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await page.getByLabel("Current password").fill("not the password 9");
  await page.getByLabel("New password").fill("second password 2");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is not right")).toBeVisible();
  await page.getByLabel("Current password").fill(person.password);
  await page.getByLabel("New password").fill("second password 2");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed. Your other devices were signed out.")).toBeVisible();

  // This browser stays signed in; the other one is out.
  expect((await page.request.get("/api/me")).status()).toBe(200);
  expect((await other.page.request.get("/api/me")).status()).toBe(401);
  await other.context.close();

  const fresh = await newPage(browser);
  await fresh.page.goto("/signin");
  await fresh.page.getByLabel("Email", { exact: true }).fill(person.email);
  await fresh.page.getByLabel("Password", { exact: true }).fill(person.password);
  await fresh.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(fresh.page.locator("form").getByRole("alert")).toHaveText("Incorrect email or password");
  await fresh.page.getByLabel("Password", { exact: true }).fill("second password 2");
  await fresh.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(fresh.page).toHaveURL(/\/dashboard$/);
  await fresh.context.close();
  await person.context.close();
});

test("an admin resets a password; the person signs in with the one shown", async ({ browser, adminPage }) => {
  const person = await newCreator(browser, "Rex");
  await adminPage.goto(`/admin/users?q=${encodeURIComponent(person.email)}`);
  const row = adminPage.getByTestId("user-row").filter({ hasText: person.email });
  await row.getByRole("button", { name: `More actions for ${person.email}` }).click();
  await adminPage.getByRole("button", { name: "Reset password" }).click();
  await adminPage
    .getByRole("dialog", { name: `Reset the password of ${person.email}?` })
    .getByRole("button", { name: "Reset password" })
    .click();
  const shown = adminPage.getByRole("dialog", { name: `New password for ${person.email}` });
  const password = await shown.getByTestId("secret-value").inputValue();
  expect(password).toHaveLength(20);
  await shown.getByRole("button", { name: "Done" }).click();

  expect((await person.page.request.get("/api/me")).status()).toBe(401);
  await person.page.goto("/signin");
  await person.page.getByLabel("Email", { exact: true }).fill(person.email);
  await person.page.getByLabel("Password", { exact: true }).fill(password);
  await person.page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(person.page).toHaveURL(/\/dashboard$/);
  await person.context.close();
});

test("an owner copies a valid invite link again from the team page", async ({ browser }) => {
  const owner = await newCreator(browser, "Olga");
  const page = owner.page;
  await page.goto("/team");
  await expect(page.getByText("Credits are not shared")).toBeVisible();
  await page.getByRole("button", { name: "Create invite link" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite link created" });
  const url = await dialog.getByTestId("secret-value").inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  const copy = page.getByTestId("invite-row").getByTestId("copy-invite");
  await expect(copy).toHaveAttribute("data-url", url);
  await copy.click();
  await expect(copy).toHaveText("Link copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await owner.context.close();
});

test("on a phone, prices sit above the button on Short video and Extend music", async ({ browser }) => {
  const { context, page } = await newPage(browser, {
    viewport: { width: 390, height: 844 },
    storageState: statePath("admin"),
  });
  await page.goto("/short-video");
  const price = page.getByTestId("parse-price");
  await expect(price).toBeVisible();
  const parse = page.getByRole("button", { name: "Parse", exact: true });
  const [p, b] = [await price.boundingBox(), await parse.boundingBox()];
  expect(p && b && p.y + p.height <= b.y).toBe(true);
  expect(p && p.x + p.width <= 390).toBe(true);

  await page.goto("/music");
  const musicPrice = page.getByTestId("music-price");
  await expect(musicPrice).toBeVisible();
  const submit = page.getByRole("main").getByRole("button", { name: "Extend music" });
  const [mp, sb] = [await musicPrice.boundingBox(), await submit.boundingBox()];
  expect(mp && sb && mp.y + mp.height <= sb.y).toBe(true);
  await page.screenshot({ path: `${SCREENS}/short-video-price-phone.png`, fullPage: true });
  await context.close();
});

test("saving prices without a change keeps every row's time and its Default label (bug 7)", async ({
  adminPage: page,
}) => {
  await page.goto("/admin/prices");
  const rows = page.getByTestId("price-row");
  await expect(rows.first()).toBeVisible();
  const before = await rows.allInnerTexts();
  expect(before.filter((r) => r.includes("Default")).length).toBeGreaterThan(0);
  await page.getByRole("button", { name: "Save prices" }).click();
  await expect(page.getByText("Prices saved.")).toBeVisible();
  await page.reload();
  await expect(rows.first()).toBeVisible();
  expect(await rows.allInnerTexts()).toEqual(before);
});
