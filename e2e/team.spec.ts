// The Team page for an owner: a limited-use invite link, then promoting, demoting and removing the
// person who joined with it.
import { expect, test } from "@playwright/test";
import { newPage, signUp } from "./helpers";

const run = Date.now().toString(36);
const owner = { name: "Olga Owner", email: `olga-${run}@example.test`, password: "correct-horse-42" };
const joiner = { name: "Jon Joiner", email: `jon-${run}@example.test`, password: "battery-staple-77" };

test("an owner invites one person, changes their role and removes them", async ({ browser }) => {
  // Two sign-ups and a dozen round trips: generous on a loaded machine.
  test.setTimeout(180_000);
  const { context, page } = await newPage(browser);
  await page.goto("/signup");
  await signUp(page, owner);
  await page.goto("/team");

  await page.getByLabel("People who can join").fill("0");
  await page.getByRole("button", { name: "Create invite link" }).click();
  await expect(page.getByText("Must be at least 1")).toBeVisible();
  await page.getByLabel("People who can join").fill("2");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite link created" });
  const url = await dialog.getByTestId("secret-value").inputValue();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("invite-row")).toContainText("0 of 2");

  const other = await newPage(browser);
  await other.page.goto(new URL(url).pathname);
  await other.page.getByRole("link", { name: "Create an account to join" }).click();
  await signUp(other.page, joiner);

  await page.reload();
  await expect(page.getByTestId("invite-row")).toContainText("1 of 2");
  const row = page.getByTestId("member-row").filter({ hasText: joiner.email });
  await expect(row).toContainText("Member");
  await row.getByRole("button", { name: `Make owner ${joiner.name}` }).click();
  await expect(row.getByText("Owner", { exact: true })).toBeVisible();
  await row.getByRole("button", { name: `Make member ${joiner.name}` }).click();
  await expect(row.getByText("Member", { exact: true })).toBeVisible();

  // The only owner cannot step down.
  const self = page.getByTestId("member-row").filter({ hasText: owner.email });
  await self.getByRole("button", { name: `Make member ${owner.name}` }).click();
  // The badge flips at once and flips back when the server refuses; the reason shows above the list.
  await expect(page.getByRole("alert").filter({ hasText: "A team needs at least one owner" })).toBeVisible();
  await expect(self.getByText("Owner", { exact: true })).toBeVisible();

  await row.getByRole("button", { name: `Remove ${joiner.name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Remove ${joiner.name} from the team?` });
  await confirm.getByRole("button", { name: "Remove", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId("member-row")).toHaveCount(1);

  // On a 390 px phone the role, status and action columns stay in view without scrolling the table.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(self.getByText("Owner", { exact: true })).toBeInViewport();
  await expect(self.getByRole("button", { name: `Leave team ${owner.name}` })).toBeInViewport();
  const invite = page.getByTestId("invite-row").filter({ hasText: "1 of 2" });
  await invite.scrollIntoViewIfNeeded();
  await expect(invite.getByText("Active", { exact: true })).toBeInViewport();
  await expect(invite.getByRole("button", { name: "Revoke" })).toBeInViewport();

  await invite.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog", { name: "Revoke this invite link?" }).getByRole("button", { name: "Revoke" }).click();
  await expect(invite.getByText("Revoked", { exact: true })).toBeVisible();

  // The removed person carries on in a team of their own.
  await other.page.goto("/team");
  await expect(other.page.getByRole("heading", { name: `Members of ${joiner.name}'s team` })).toBeVisible();
  await other.context.close();
  await context.close();
});
