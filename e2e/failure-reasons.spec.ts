// Failures in the user's language, without internal names: an order on a link that answers 404
// shows its reason and what to do next in Chinese on a zh-CN page (and in English on an English
// one); a failed short-video parse takes the previous result card away.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { newPage, signUp } from "./helpers";
import { expect, statePath, test } from "./fixtures";
import { failedOrder, missingMediaServer } from "./pages";

test("a failed order says why and what to do next in Chinese, with no internal names", async ({
  browser,
  adminPage,
}) => {
  const server = await missingMediaServer();
  try {
    const orderNo = await failedOrder(adminPage.request, server.url);
    // The browser's API carries the code; the English reason stays for the Open API (its spec's field).
    const api = await (await adminPage.request.get(`/api/orders/${orderNo}`)).json();
    expect(api.failure).toEqual({ code: "link_http_status", params: { status: 404 } });
    expect(api.reason).toContain("HTTP 404");

    const { context, page } = await newPage(browser, { storageState: statePath("admin"), locale: "zh-CN" });
    await page.goto(`/orders/${orderNo}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    const reason = page.getByTestId("order-reason");
    await expect(reason).toHaveText("无法下载该链接：网站返回了错误 404。");
    await expect(page.getByTestId("order-next-step")).toContainText("请在浏览器中打开该链接");
    const alert = ((await reason.locator("..").textContent()) ?? "").toLowerCase();
    for (const internal of ["pathkey", "127.0.0.1", "http", "could not"]) expect(alert).not.toContain(internal);
    await context.close();

    await adminPage.goto(`/orders/${orderNo}`);
    await expect(adminPage.getByTestId("order-reason")).toHaveText(
      "The link could not be downloaded: the website answered with error 404.",
    );
    await expect(adminPage.getByTestId("order-next-step")).toContainText("Open the link in your browser");
  } finally {
    server.close();
  }
});

test("a failed short-video parse clears the previous result", async ({ browser, adminPage }) => {
  const server = http.createServer((req, res) => {
    if (req.url !== "/page.html") return res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<html><head><meta property="og:title" content="First clip"><meta property="og:video" content="/clip.mp4"><meta property="og:video:type" content="video/mp4"></head></html>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // A person with a team of their own, so the parse stays out of the shared team's history.
    const { context, page } = await newPage(browser);
    await page.goto("/signup");
    await signUp(page, {
      name: "Sam Solo",
      email: `sam-${Date.now().toString(36)}@example.test`,
      password: "a long password 1",
    });
    const me = await (await page.request.get("/api/me")).json();
    const grant = await adminPage.request.post(`/api/admin/users/${me.user.id}/credits`, {
      data: { amount: 20, reason: "e2e parse" },
    });
    expect(grant.ok()).toBe(true);
    await page.goto("/short-video");
    const box = page.getByLabel("Share text or link");
    await box.fill(`${base}/page.html`);
    await page.getByRole("button", { name: "Parse" }).click();
    await expect(page.getByTestId("short-video-card")).toContainText("First clip");

    await box.fill(`${base}/gone.html`);
    await page.getByRole("button", { name: "Parse" }).click();
    await expect(page.getByRole("alert").first()).toBeVisible();
    await expect(page.getByTestId("short-video-card")).toHaveCount(0);
    // The error names no page internals.
    await expect(page.getByRole("alert").first()).not.toContainText("HTTP");
    await context.close();
  } finally {
    server.close();
  }
});
