// The Short video page: reachable from the nav, a paste without a link answers a clear error and
// nothing is charged; the team's history starts empty; a page parsed by the generic extractor plays,
// saves and separates. (The platform extractors are covered offline over HTTP in
// test/http/short-video.test.ts against loopback platform fixtures.)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";

const run = Date.now().toString(36);

test("Short video page: nav, paste without a link, empty history", async ({ memberPage: page }) => {
  await page.goto("/dashboard");

  await page.getByRole("link", { name: "Short video" }).first().click();
  await expect(page).toHaveURL(/\/short-video$/);
  await expect(page.getByRole("heading", { name: "Short video" })).toBeVisible();
  await expect(page.getByText("No parses yet.")).toBeVisible();

  await page.getByLabel("Share text or link").fill("7.43 FuL:/ 只有标题 复制此链接，打开Dou音搜索");
  await page.getByRole("button", { name: "Parse" }).click();
  await expect(page.getByRole("alert").first()).toHaveText(
    "No link was found in the text. Paste the whole share text, or the link itself.",
  );
});

// A page with og:video, served on loopback (the e2e server allow-lists 127.0.0.1), goes through the
// generic extractor: the card shows it, the media play through the proxy, "Save to my files" keeps
// video and audio, and "Separate this music" starts an order.
test("Short video page: parse a page, play, save, separate", async ({ adminPage: page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-e2e-sv-"));
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=160x120:rate=10:duration=3",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=3",
    "-shortest",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    path.join(dir, "clip.mp4"),
  ]);
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=320x240:rate=1:duration=1",
    "-frames:v",
    "1",
    path.join(dir, "cover.jpg"),
  ]);
  const server = http.createServer((req, res) => {
    const name = (req.url ?? "/").split("?")[0].slice(1);
    if (name === "page.html") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(
        `<html><head><meta property="og:title" content="Loopback clip"><meta property="og:image" content="/cover.jpg"><meta property="og:video" content="/clip.mp4"><meta property="og:video:type" content="video/mp4"></head></html>`,
      );
    }
    const file = path.join(dir, path.basename(name));
    if (!name || !fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, {
      "content-length": fs.statSync(file).size,
      "content-type": name.endsWith(".mp4") ? "video/mp4" : "image/jpeg",
    });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // A parse costs credits.
    const me = await (await page.request.get("/api/me")).json();
    const grant = await page.request.post(`/api/admin/users/${me.user.id}/credits`, {
      data: { amount: 100, reason: `e2e short video ${run}` },
    });
    expect(grant.ok()).toBe(true);

    await page.goto("/short-video");
    await page.getByLabel("Share text or link").fill(`看这个 ${base}/page.html 复制此链接`);
    await page.getByRole("button", { name: "Parse" }).click();
    await expect(page.getByText("Loopback clip").first()).toBeVisible();
    // The video plays through Mixdesk's authenticated media proxy.
    const video = page.locator("video").first();
    await expect(video).toBeVisible();
    await expect
      .poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(1);
    // Listed in the team's past parses.
    await expect(page.locator("table").getByText("Loopback clip").first()).toBeVisible();

    await page.getByRole("button", { name: "Save to my files" }).click();
    await expect(page.getByText("Saved as")).toBeVisible({ timeout: 30_000 });
    await page.getByRole("button", { name: "Separate this music" }).click();
    const orderLink = page.getByRole("link", { name: /^[A-Za-z0-9]{18}$/ });
    await expect(orderLink).toBeVisible({ timeout: 30_000 });
    await orderLink.click();
    await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9]{18}$/);
    await expect(page.getByText("Track separation").first()).toBeVisible();
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
