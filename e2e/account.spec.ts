// The account side of Mixdesk: keys, invites, credits, languages, and form validation. The admin
// (the install's first sign-up) and a member of its team come signed in from auth.setup.ts.
import { expect, test } from "./fixtures";
import { newPage, signUp } from "./helpers";

const run = Date.now().toString(36);
const grantReason = `Welcome grant ${run}`;
const SCREENS = "test-results/screens";

const credits = (text: string | null) => Number((text ?? "").replace(/[^\d-]/g, ""));

test("the admin sees the admin area and manages API keys", async ({ adminPage: page, admin }) => {
  await page.goto("/dashboard");

  const sidebar = page.getByRole("complementary");
  await expect(sidebar.getByText(admin.email)).toBeVisible();
  await expect(sidebar.getByText("Admin", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Users", exact: true })).toBeVisible();
  await expect(page.getByTestId("balance")).toHaveAttribute("data-value", /^\d+$/);
  await page.screenshot({ path: `${SCREENS}/dashboard.png`, fullPage: true });

  await page.getByRole("link", { name: "API keys", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Render server");
  await page.getByRole("button", { name: "Create key" }).click();

  const dialog = page.getByRole("dialog", { name: "Your new API key" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("will not be shown again");
  const secret = await dialog.getByTestId("secret-value").inputValue();
  expect(secret).toMatch(/^mxk_.{16,}/);
  await dialog.getByRole("button", { name: "Copy" }).click();
  await expect(dialog.getByText("Copied to the clipboard")).toBeVisible();
  const clipboard = await page.evaluate(() => navigator.clipboard.readText());
  expect(clipboard).toBe(secret);
  expect(clipboard.startsWith("mxk_")).toBe(true);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId("key-row").filter({ hasText: "Render server" });
  await expect(row).toContainText(secret.slice(-4));
  await expect(row).toContainText("Active");
  await page.screenshot({ path: `${SCREENS}/keys.png`, fullPage: true });

  await page.reload();
  await expect(page.getByTestId("key-row").filter({ hasText: "Render server" })).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  await row.getByRole("button", { name: /Revoke/ }).click();
  const confirm = page.getByRole("dialog", { name: /Revoke/ });
  await confirm.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText("Revoked");
  await expect(row.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
});

test("a second person joins the admin's team by invite link", async ({ browser, adminPage: page, admin }) => {
  const newcomer = { name: "Nia Newcomer", email: `nia-${run}@example.test`, password: "battery-staple-78" };
  const me = await (await page.request.get("/api/me")).json();
  const teamName: string = me.team.name;

  await page.goto("/team");
  const invites = page.getByTestId("invite-row");
  await expect(invites.first()).toBeVisible();
  const before = await invites.count();
  await page.getByRole("button", { name: "Create invite link" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite link created" });
  const url = await dialog.getByTestId("secret-value").inputValue();
  expect(url).toMatch(/\/invite\/[^/]+$/);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(invites).toHaveCount(before + 1);

  const { context, page: memberPage } = await newPage(browser);
  // The link's origin is whatever the server was configured with; the path is what matters here.
  await memberPage.goto(new URL(url).pathname);
  await expect(memberPage.getByText(`${admin.name} invited you to join`)).toBeVisible();
  await expect(memberPage.getByText(teamName, { exact: true })).toBeVisible();
  await memberPage.getByRole("link", { name: "Create an account to join" }).click();
  await expect(memberPage.getByText(`You’re joining ${teamName}`)).toBeVisible();
  await signUp(memberPage, newcomer);
  await expect(memberPage.getByTestId("dashboard-team")).toHaveText(teamName);
  await expect(memberPage.getByRole("link", { name: "Users", exact: true })).toHaveCount(0);
  await context.close();

  await page.reload();
  await expect(page.getByTestId("member-row").filter({ hasText: newcomer.email })).toContainText("Member");
  await page.screenshot({ path: `${SCREENS}/team.png`, fullPage: true });
});

test("an admin grant shows up for the admin and on the member's dashboard; the ledger records it", async ({
  adminPage: page,
  memberPage,
  member,
}) => {
  await memberPage.goto("/dashboard");
  const balance = memberPage.getByTestId("balance");
  await expect(balance).toHaveAttribute("data-value", /^\d+$/);
  const before = Number(await balance.getAttribute("data-value"));

  await page.goto("/admin/users");
  const row = page.getByTestId("user-row").filter({ hasText: member.email });
  await expect(row).toBeVisible();
  expect(credits(await row.getByTestId("user-balance").textContent())).toBe(before);
  await page.screenshot({ path: `${SCREENS}/admin-users.png`, fullPage: true });

  await row.getByRole("button", { name: /Adjust credits/ }).click();
  const dialog = page.getByRole("dialog", { name: "Adjust credits" });
  await expect(dialog.getByLabel("Grant")).toBeChecked();
  await dialog.getByLabel("Amount (credits)").fill("250");
  await dialog.getByLabel("Reason").fill(grantReason);
  await page.screenshot({ path: `${SCREENS}/credit-dialog.png` });
  await dialog.getByRole("button", { name: "Grant credits" }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId("user-balance")).toHaveText(new Intl.NumberFormat("en").format(before + 250));

  // No reload on the member's side: the dashboard polls.
  await expect(balance).toHaveAttribute("data-value", String(before + 250), { timeout: 15_000 });

  await row.getByRole("button", { name: `More actions for ${member.email}` }).click();
  const menu = page.getByRole("list", { name: `More actions for ${member.email}` });
  await expect(menu.getByRole("button", { name: "Disable" })).toBeVisible();
  await expect(menu.getByRole("button", { name: "Make admin" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();

  // A role change shows in the row as soon as it is confirmed, and can be taken back.
  const adminBadge = row.getByText("Admin", { exact: true });
  await expect(adminBadge).toHaveCount(0);
  await row.getByRole("button", { name: `More actions for ${member.email}` }).click();
  await menu.getByRole("button", { name: "Make admin" }).click();
  const makeAdmin = page.getByRole("dialog", { name: `Make ${member.email} an admin?` });
  await makeAdmin.getByRole("button", { name: "Make admin" }).click();
  await expect(makeAdmin).toBeHidden();
  await expect(adminBadge).toBeVisible();
  await row.getByRole("button", { name: `More actions for ${member.email}` }).click();
  await menu.getByRole("button", { name: "Remove admin" }).click();
  const removeAdmin = page.getByRole("dialog", { name: `Remove admin rights from ${member.email}?` });
  await removeAdmin.getByRole("button", { name: "Remove admin" }).click();
  await expect(adminBadge).toHaveCount(0);
  await page.reload();
  await expect(row.getByText("Admin", { exact: true })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Ledger" }).click();
  await expect(page).toHaveURL(/\/admin\/ledger/);
  const entry = page.getByTestId("ledger-row").filter({ hasText: grantReason });
  await expect(entry).toContainText(member.email);
  await expect(entry).toContainText("+250");
  await page.screenshot({ path: `${SCREENS}/ledger.png`, fullPage: true });

  const users = await (await page.request.get("/api/admin/users")).json();
  const memberId: string = users.users.find((u: { email: string }) => u.email === member.email).id;
  await page.goto(`/admin/ledger?userId=${memberId}`);
  await expect(page.getByLabel("User", { exact: true })).toHaveValue(memberId);
  await expect(page.getByTestId("ledger-row").filter({ hasText: grantReason })).toBeVisible();
  await expect(page.getByTestId("ledger-row").filter({ hasNotText: member.email })).toHaveCount(0);

  // Non-admins: no admin pages, and the API refuses them.
  await memberPage.goto("/admin/users");
  await expect(memberPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(memberPage.getByTestId("user-row")).toHaveCount(0);
  expect((await memberPage.request.get("/api/admin/users")).status()).toBe(403);
});

test("the language switch persists, and Accept-Language picks Chinese for new visitors", async ({
  browser,
  adminPage: page,
}) => {
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "中文" }).click();
  const nav = page.getByRole("navigation", { name: "主导航" });
  await expect(nav.getByRole("link", { name: "仪表盘" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "API 密钥" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.reload();
  await expect(nav.getByRole("link", { name: "仪表盘" })).toBeVisible();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();

  const { context, page: visitor } = await newPage(browser, { locale: "zh-CN" });
  await visitor.goto("/signin");
  await expect(visitor.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(visitor.getByRole("heading", { name: "登录 Mixdesk" })).toBeVisible();
  await context.close();

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" })).toBeVisible();
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("forms explain what is wrong next to the field", async ({ browser, admin }) => {
  const { context, page } = await newPage(browser, { locale: "en-US" });

  await page.goto("/signup");
  await page.getByLabel("Name", { exact: true }).fill("Weak Walter");
  await page.getByLabel("Email", { exact: true }).fill(`walter-${run}@example.test`);
  const password = page.getByLabel("Password", { exact: true });
  await password.fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(password).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await password.getAttribute("aria-describedby"))!.split(" ")[0];
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText("Use at least 10 characters");

  await password.fill("long-enough-pass-1");
  const email = page.getByLabel("Email", { exact: true });
  await email.fill(admin.email);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(email).toHaveAttribute("aria-invalid", "true");
  const emailError = (await email.getAttribute("aria-describedby"))!.split(" ")[0];
  await expect(page.locator(`[id="${emailError}"]`)).toHaveText("An account with this email already exists");
  await expect(password).not.toHaveAttribute("aria-invalid", "true");

  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password-1");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Incorrect email or password");
  await expect(page).toHaveURL(/\/signin/);

  await context.close();
});

test("the signed-in pages fit a 375px phone", async ({ adminPage }) => {
  await adminPage.setViewportSize({ width: 375, height: 812 });
  await adminPage.goto("/dashboard");
  await expect(adminPage.getByTestId("balance")).toBeVisible();
  const overflow = await adminPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await adminPage.getByRole("button", { name: "Menu" }).click();
  await expect(adminPage.getByRole("navigation", { name: "Main" })).toBeVisible();
  await adminPage.screenshot({ path: `${SCREENS}/dashboard-mobile.png`, fullPage: true });

  // Wide tables scroll inside their own box; the page itself never scrolls sideways.
  for (const path of ["/keys", "/team", "/admin/users", "/admin/ledger"]) {
    await adminPage.goto(path);
    await expect(adminPage.getByRole("table").first()).toBeVisible();
    await expect(adminPage.getByText("Loading…")).toHaveCount(0);
    const wide = await adminPage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wide, path).toBeLessThanOrEqual(0);
  }
  await adminPage.screenshot({ path: `${SCREENS}/admin-ledger-mobile.png`, fullPage: true });
});
