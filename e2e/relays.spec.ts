// Relays in the browser against the production build: an admin adds a (fake, loopback) YinziAI
// upstream on Engines, tests the connection, routes track separation to it, and an order finishes
// through it; the upstream then goes down and the next order falls back to this server's engine.
import type { APIRequestContext } from "@playwright/test";
import { type FakeYinzi, startFakeYinzi } from "../test/helpers/fake-yinzi";
import { expect, statePath, test } from "./fixtures";
import { startToneServer, type ToneServer } from "./tone-server";

const run = Date.now().toString(36);
const NAME = `Fake Yinzi ${run}`;

let fake: FakeYinzi;
let tones: ToneServer;

test.beforeAll(async ({ browser }) => {
  [fake, tones] = await Promise.all([startFakeYinzi(), startToneServer("relays", [["song.wav", 440]])]);
  const context = await browser.newContext({ storageState: statePath("admin") });
  const me = await (await context.request.get("/api/me")).json();
  const grant = await context.request.post(`/api/admin/users/${me.user.id}/credits`, {
    data: { amount: 200, reason: `E2E relays ${run}` },
  });
  expect(grant.ok()).toBe(true);
  await context.close();
});

test.afterAll(async () => {
  await Promise.all([fake?.close().catch(() => undefined), tones?.close()]);
});

async function finishedOrder(request: APIRequestContext) {
  const created = await request.post("/api/orders", {
    data: { orderType: "track-separation", stuff: { pathKey: `${tones.base}/song.wav` } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { orderNo } = await created.json();
  let order: { status: string; engine: string | null; reason: string | null } = {
    status: "",
    engine: null,
    reason: null,
  };
  await expect
    .poll(
      async () => {
        order = await (await request.get(`/api/orders/${orderNo}`)).json();
        return order.status;
      },
      { timeout: 50_000 },
    )
    .toBe("finish");
  return { orderNo, engine: order.engine };
}

test("an order routed to an upstream finishes there; with the upstream down the next one runs locally", async ({
  adminPage: page,
}) => {
  test.setTimeout(150_000);
  await page.goto("/admin/engines");
  const relays = page.getByTestId("relays-admin");
  await relays.getByRole("button", { name: "Add upstream" }).click();

  const form = page.getByTestId("upstream-form");
  await form.getByLabel("Kind").selectOption("yinzi");
  await form.getByLabel("Name").fill(NAME);
  await form.getByLabel("Base URL").fill(fake.baseUrl);
  await form.getByLabel("API key").fill(fake.apiKey);
  await form.getByLabel(/^Track separation/).fill("3");
  await form.getByRole("button", { name: "Add", exact: true }).click();
  await expect(form).toBeHidden();

  const row = relays.getByTestId("upstream-row").filter({ hasText: NAME });
  await expect(row).toContainText(`Key …${fake.apiKey.slice(-4)}`);
  await expect(row).toContainText("In rotation");
  // Cost 3 beside Mixdesk's current base price for separation (other specs may have changed it).
  const view = await (await page.context().request.get("/api/admin/relays")).json();
  const price: number = view.prices["track-separation"];
  expect(price).toBeGreaterThan(0);
  await expect(row.getByTestId("upstream-margin")).toContainText(`3 vs ${price}`);
  await expect(row.getByTestId("upstream-margin")).toContainText(`margin ${price - 3}`);
  // The key itself is never sent to the browser.
  expect(await page.content()).not.toContain(fake.apiKey);

  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.getByTestId("upstream-test-result")).toContainText("Connected");
  expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${fake.apiKey}`);

  // Route track separation: the upstream first, this server after it.
  const route = relays.getByTestId("route-track-separation");
  await route.getByTestId("route-add-track-separation").selectOption({ label: NAME });
  await route.getByRole("button", { name: "Add", exact: true }).click();
  await route.getByRole("button", { name: `Move ${NAME} up` }).click();
  await expect(route.getByTestId("route-step")).toHaveText([new RegExp(NAME), /Local/]);
  await route.getByRole("button", { name: "Save route" }).click();
  await expect(route.getByText("Route saved.")).toBeVisible();

  const request = page.context().request;
  const first = await finishedOrder(request);
  expect(first.engine).toBe(`relay:${NAME}`);
  expect(fake.creates()).toBe(1);
  await page.goto(`/orders/${first.orderNo}`);
  await expect(page.getByTestId("order-engine")).toHaveAttribute("data-value", `relay:${NAME}`);

  // The upstream goes away: the route falls back to the local engine and the order still finishes.
  await fake.close();
  const second = await finishedOrder(request);
  expect(second.engine).not.toContain("relay:");
  expect(fake.creates()).toBe(1);

  // Engines shows that the upstream failed.
  await page.goto("/admin/engines");
  const after = page.getByTestId("upstream-row").filter({ hasText: NAME });
  await expect(after.getByTestId("upstream-health")).toContainText("errors");
  await expect(after.getByTestId("upstream-health")).not.toContainText("errors 0%");

  // Reconciliation on demand: nothing disagrees (both orders ended here as they did upstream).
  await page.getByRole("button", { name: "Run reconciliation now" }).click();
  await expect(page.getByTestId("reconcile-result")).toContainText("0 repaired, 0 to look at");
  await expect(page.getByText("No open disagreement.")).toBeVisible();
  // The maintenance tick may have run it already; now it has run for certain.
  await expect(page.getByText("Last run: never.")).toBeHidden();
});
