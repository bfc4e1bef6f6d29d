// What every spec starts from: the admin and a member of the admin's team, each signed in once by
// the setup project (auth.setup.ts) and reused here through their saved storageState.
import fs from "node:fs";
import path from "node:path";
import { test as base, type Page } from "@playwright/test";
import { newPage } from "./helpers";

export { expect } from "@playwright/test";

export type Person = { name: string; email: string; password: string };
export type Role = "admin" | "member";

const AUTH_DIR = path.resolve(".test-data/e2e-auth");
export const statePath = (role: Role) => path.join(AUTH_DIR, `${role}.json`);
const peoplePath = path.join(AUTH_DIR, "people.json");

export function savePeople(people: Record<Role, Person>) {
  fs.mkdirSync(AUTH_DIR, { recursive: true });
  fs.writeFileSync(peoplePath, JSON.stringify(people, null, 2));
}

const people = (): Record<Role, Person> => JSON.parse(fs.readFileSync(peoplePath, "utf8"));

type Fixtures = { admin: Person; member: Person; adminPage: Page; memberPage: Page };

const signedIn =
  (role: Role) =>
  async ({ browser }: { browser: import("@playwright/test").Browser }, use: (page: Page) => Promise<void>) => {
    const { context, page } = await newPage(browser, { storageState: statePath(role) });
    await use(page);
    await context.close();
  };

export const test = base.extend<Fixtures>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright and Vitest read fixture dependencies from an object pattern
  admin: async ({}, use) => use(people().admin),
  // biome-ignore lint/correctness/noEmptyPattern: Playwright and Vitest read fixture dependencies from an object pattern
  member: async ({}, use) => use(people().member),
  adminPage: signedIn("admin"),
  memberPage: signedIn("member"),
});
