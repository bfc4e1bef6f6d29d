// An axe-core scan of every page, signed out (sign-in, sign-up) and as the admin (every app page,
// with an order, a draft and a Studio project to show): no serious or critical violation of
// WCAG 2.1 A/AA. A failure lists each rule with the elements it found.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, statePath, test } from "./fixtures";
import { appPages, type Made, makeThings, missingMediaServer, settled } from "./pages";

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

async function scan(page: Page) {
  await settled(page);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}  ${n.failureSummary?.split("\n")[1] ?? ""}`).join("\n")}`,
  );
  expect(report, `${page.url()}\n${report.join("\n")}`).toEqual([]);
}

for (const path of ["/signin", "/signup"]) {
  test(`a11y: ${path} (signed out)`, async ({ page }) => {
    await page.goto(path);
    await scan(page);
  });
}

// One test per page, so a report names the page; the things they show are made once above.
for (const [i, label] of appPages({ orderNo: "<order>", draftId: "<draft>", projectId: "<project>" }).entries()) {
  test(`a11y: ${label}`, async ({ adminPage: page }) => {
    await page.goto(appPages(made)[i]);
    await scan(page);
  });
}
