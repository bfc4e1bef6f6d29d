// The shell's team switcher: a new team shows in its list (the list comes with the page), switching
// from the sidebar changes the current team everywhere, and the dashboard follows.
import { expect, test } from "@playwright/test";
import { newPage, signUp } from "./helpers";

const run = Date.now().toString(36);
const person = { name: "Sam Switcher", email: `sam-${run}@example.test`, password: "correct-horse-43" };

test("a person makes a second team and switches between both from the sidebar", async ({ browser }) => {
  test.setTimeout(120_000);
  const { context, page } = await newPage(browser);
  await page.goto("/signup");
  await signUp(page, person);
  await page.goto("/dashboard");
  const first = (await page.getByTestId("dashboard-team").textContent()) ?? "";
  expect(first).not.toBe("");

  const second = `Second ${run}`;
  await page.goto("/team");
  await page.getByLabel("Team name").fill(second);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page.getByTestId("current-team")).toHaveText(second);

  const switcher = page.getByRole("button", { name: new RegExp(`Team\\s*${second}`) });
  await switcher.click();
  await page.getByRole("button", { name: first, exact: true }).click();
  await expect(page.getByTestId("current-team")).toHaveText(first);

  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("dashboard-team")).toHaveText(first);
  await page.getByTestId("current-team").click();
  await page.getByRole("button", { name: second, exact: true }).click();
  await expect(page.getByTestId("dashboard-team")).toHaveText(second);
  await expect(page.getByTestId("current-team")).toHaveText(second);
  await context.close();
});
