// Signs up the admin (the first account on the fresh e2e install) and a member of the admin's team
// once per run, and saves each one's cookies for the specs (fixtures.ts).
import { expect, test as setup } from "@playwright/test";
import { type Person, savePeople, statePath } from "./fixtures";
import { newPage, signUp } from "./helpers";

const run = Date.now().toString(36);
const admin: Person = { name: "Ada Admin", email: `ada-${run}@example.test`, password: "correct-horse-42" };
const member: Person = { name: "Ben Member", email: `ben-${run}@example.test`, password: "battery-staple-77" };

setup("the first sign-up becomes the admin; a teammate joins by invite", async ({ browser }) => {
  const { context, page } = await newPage(browser);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin$/);
  await page.getByRole("link", { name: "Create account" }).click();
  await signUp(page, admin);
  const me = await (await page.request.get("/api/me")).json();
  expect(me.user.role, "the e2e server's database must be fresh (scripts/e2e-server.sh makes one)").toBe("admin");
  await context.storageState({ path: statePath("admin") });

  const invite = await page.request.post("/api/team/invites", { data: { days: 7 } });
  expect(invite.status()).toBe(201);
  const { url } = (await invite.json()) as { url: string };
  const token = new URL(url).pathname.split("/").at(-1)!;
  const joined = await newPage(browser);
  await joined.page.goto(`/signup?invite=${encodeURIComponent(token)}`);
  await signUp(joined.page, member);
  await joined.context.storageState({ path: statePath("member") });
  savePeople({ admin, member });
  await joined.context.close();
  await context.close();
});
