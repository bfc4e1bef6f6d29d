// The main pages on a 390×844 phone: nothing makes the page wider than the screen, the orders and
// ledger tables show each row's status and cost without scrolling sideways, and the draft
// timeline's ruler labels and clip names are not cut off.
import type { Locator, Page } from "@playwright/test";
import { expect, statePath, test } from "./fixtures";
import { appPages, type Made, makeThings, missingMediaServer, settled } from "./pages";

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

let made: Made;
let closeServer: () => void = () => {};

test.beforeAll(async ({ browser }) => {
  const server = await missingMediaServer();
  closeServer = server.close;
  const context = await browser.newContext({ storageState: statePath("admin") });
  made = await makeThings(context.request, server.url);
  await context.close();
});

test.afterAll(() => closeServer());

/** The page is no wider than the screen: nothing to scroll sideways but the tables' own scrollers. */
async function noSidewaysScroll(page: Page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, `${page.url()} is ${scroll}px wide on a ${width}px screen`).toBeLessThanOrEqual(width);
}

/** The element is on screen, horizontally: a person sees it without scrolling sideways. */
async function onScreen(locator: Locator) {
  await expect(locator).toBeVisible();
  const box = (await locator.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
}

test("no page of the app is wider than a phone", async ({ adminPage: page }) => {
  test.setTimeout(120_000);
  for (const path of appPages(made).filter((p) => !p.startsWith("/studio/"))) {
    await page.goto(path);
    await settled(page);
    await noSidewaysScroll(page);
  }
});

test("orders and ledger rows show status and cost on a phone", async ({ adminPage: page }) => {
  await page.goto("/orders");
  const row = page.getByTestId("order-row").first();
  await onScreen(row.getByTestId("order-status"));
  const headers = await page.locator("thead th").allTextContents();
  await onScreen(row.locator("td").nth(headers.indexOf("Cost")));

  await page.goto("/admin/ledger");
  const entry = page.getByTestId("ledger-row").first();
  await expect(entry).toBeVisible();
  // Every cell a phone shows (time, kind, the change to available credits) is within the screen.
  const cells = entry.locator("td:visible");
  expect(await cells.count()).toBeGreaterThanOrEqual(3);
  for (const cell of await cells.all()) await onScreen(cell);
});

test("the draft timeline's ruler labels and track names fit on a phone", async ({ adminPage: page }) => {
  await page.goto(`/drafts/${made.draftId}`);
  await settled(page);
  const timeline = page.getByTestId("timeline");
  await expect(page.getByTestId("clip")).toHaveCount(2);
  const frame = (await timeline.boundingBox())!;
  const labels = await timeline.locator("[aria-hidden] span").all();
  expect(labels.length).toBeGreaterThanOrEqual(2);
  const boxes = [];
  for (const label of labels) boxes.push((await label.boundingBox())!);
  for (const [i, box] of boxes.entries()) {
    // Within the scroller at zoom 1, nothing cut by its edge, and no label over the next one.
    expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width + 0.5);
    if (i > 0) expect(box.x).toBeGreaterThanOrEqual(boxes[i - 1].x + boxes[i - 1].width);
  }
  // Each clip's name is shown whole (wrapped if need be), not cut to an ellipsis.
  for (const clip of await page.getByTestId("clip").all()) {
    const name = clip.getByText("tone.wav");
    await expect(name).toBeVisible();
    const fits = await name.evaluate(
      (el) => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1,
    );
    expect(fits, "clip name cut off").toBe(true);
  }
  await noSidewaysScroll(page);
});
