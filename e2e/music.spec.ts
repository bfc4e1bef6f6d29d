// Extend music in the browser against the production build: an admin sets the team webhook (test
// event, delivery log, rotated secret), uploads a generated 120 BPM track, picks continueAt on its
// waveform with the mouse and the keyboard, submits, watches the task reach SUCCESS, plays and
// downloads both results and sees the callback deliveries; then the admin Music API settings.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { createAdminWithCli, newPage } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = Date.now().toString(36);
const admin = { name: "Mia Music", email: `mia-${run}@example.test`, password: "music-admin-42" };
const SCREENS = "test-results/screens";
const TASK_URL = /\/music\/([^/?#]+)$/;

let context: BrowserContext;
let page: Page;
let dir: string;
let track: string;
let receiver: http.Server;
let hookBase: string;
let taskId: string;
const received: { path: string; body: string; signature: string | undefined }[] = [];

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mixdesk-music-e2e-"));
  track = path.join(dir, "groove.wav");
  // 20 s at 120 BPM: a decaying 1 kHz click on every beat over a 55 Hz sine bass.
  const expr = "0.6*exp(-60*mod(t\\,0.5))*sin(2*PI*1000*t)+0.3*sin(2*PI*55*t)";
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `aevalsrc=${expr}|${expr}:s=44100:d=20`, track]);

  // A loopback server: it serves the track for the link mode and receives the webhook and the
  // task's callbacks, answering 200 to every POST.
  receiver = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/groove.wav") {
      res.writeHead(200, { "content-type": "audio/wav" });
      fs.createReadStream(track).pipe(res);
      return;
    }
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body, signature: req.headers["x-mixdesk-signature"] as string | undefined });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("an admin with credits sets the team webhook, sends a test event and rotates its secret", async ({ browser }) => {
  // Load averages of 20 on the shared machines; the steps are quick, the machine is not.
  test.setTimeout(150_000);
  createAdminWithCli(admin);
  ({ context, page } = await newPage(browser));
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const me = await (await page.request.get("/api/me")).json();
  const grant = await page.request.post(`/api/admin/users/${me.user.id}/credits`, {
    data: { amount: 500, reason: `E2E music ${run}` },
  });
  expect(grant.ok()).toBe(true);

  await page.goto("/team");
  const section = page.getByRole("region", { name: "Webhook" });
  await expect(section).toBeVisible();
  await section.getByLabel("Webhook URL").fill("not a url");
  await section.getByRole("button", { name: "Save webhook" }).click();
  await expect(section.getByText("Enter an http(s) URL")).toBeVisible();
  await section.getByLabel("Webhook URL").fill(`${hookBase}/team-hook`);
  await expect(section.getByRole("checkbox", { name: /order\.finished/ })).toBeChecked();
  await section.getByRole("checkbox", { name: /order\.failed/ }).uncheck();
  await section.getByRole("button", { name: "Save webhook" }).click();
  await expect(section.getByText("Webhook saved.")).toBeVisible();

  await section.getByRole("button", { name: "Send test event" }).click();
  const testRow = section.getByTestId("delivery-row").filter({ hasText: "test" });
  await expect(testRow).toBeVisible();
  await expect(testRow.getByTestId("delivery-code")).toHaveText("200");
  expect(received.some((r) => r.path === "/team-hook" && r.body.includes('"test"'))).toBe(true);

  // Saved settings survive a reload.
  await page.reload();
  await expect(section.getByLabel("Webhook URL")).toHaveValue(`${hookBase}/team-hook`);
  await expect(section.getByRole("checkbox", { name: /order\.failed/ })).not.toBeChecked();

  const hint = section.getByTestId("webhook-secret-hint");
  const before = await hint.textContent();
  await section.getByRole("button", { name: /Rotate secret|Create secret/ }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /Rotate secret|Create secret/ })
    .click();
  const dialog = page.getByRole("dialog", { name: "New signing secret" });
  const secret = await dialog.getByTestId("secret-value").inputValue();
  expect(secret.length).toBeGreaterThan(16);
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(hint).not.toHaveText(before ?? "");
  const shown = (await hint.textContent()) ?? "";
  await page.screenshot({ path: `${SCREENS}/team-webhook.png`, fullPage: true });

  // The API keys page shows the same hint and links back to the Team page.
  await page.goto("/keys");
  const keysHint = page.getByTestId("keys-webhook-secret");
  await expect(keysHint).not.toHaveText("…");
  const tail = shown.split(":").pop()!.trim();
  await expect(keysHint).toContainText(tail);
  await page.getByRole("link", { name: /Rotate it on the Team page/ }).click();
  await expect(page).toHaveURL(/\/team#webhook$/);
});

test("an uploaded track is extended from a point picked on its waveform; both results play and download", async () => {
  test.setTimeout(150_000);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Extend music", exact: true }).click();
  await expect(page).toHaveURL(/\/music$/);
  await expect(page.getByRole("heading", { level: 1, name: "Extend music" })).toBeVisible();

  // Price and balance sit above the submit button; the price is exact once the length is known.
  const quote = await (await page.request.get("/api/music/quote?model=V4_5")).json();
  const price = quote.price + quote.perMinuteCredits; // 20 s is one started minute
  await expect(page.getByTestId("music-balance")).toHaveAttribute("data-value", "500");

  // A link is fetched into an upload by the server, and its waveform drawn.
  await page.getByText("Paste a link", { exact: true }).click();
  await page.getByLabel("Link to the audio").fill(`${hookBase}/groove.wav`);
  await page.getByRole("button", { name: "Fetch link" }).click();
  await expect(page.getByTestId("fetched-link")).toContainText("groove.wav", { timeout: 20_000 });
  await expect(page.getByRole("slider", { name: "Continue from" })).toBeVisible({ timeout: 20_000 });

  // The rest of the way with an uploaded file.
  await page.getByText("Upload a file", { exact: true }).click();
  await page.locator('input[type="file"]').setInputFiles(track);
  await expect(page.getByTestId("upload-card").getByText("Uploaded")).toBeVisible({ timeout: 20_000 });
  const wave = page.getByRole("slider", { name: "Continue from" });
  await expect(wave).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId("continue-at")).toContainText("Not chosen");
  await expect(page.getByTestId("music-price")).toHaveAttribute("data-value", String(price));

  // A click at the middle of the waveform puts the marker at about 10 s of the 20 s track.
  const box = (await wave.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const clicked = Number(await wave.getAttribute("aria-valuenow"));
  expect(clicked).toBeGreaterThan(9);
  expect(clicked).toBeLessThan(11);
  // Dragging moves it; the arrow keys nudge it by 0.1 s, Shift by 1 s.
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const dragged = Number(await wave.getAttribute("aria-valuenow"));
  expect(dragged).toBeGreaterThan(11);
  expect(dragged).toBeLessThan(13);
  await wave.focus();
  await page.keyboard.press("Home");
  await expect(wave).toHaveAttribute("aria-valuenow", "0.1");
  await page.keyboard.press("Shift+ArrowRight");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  await expect(wave).toHaveAttribute("aria-valuenow", "1.5");
  for (let i = 0; i < 6; i++) await page.keyboard.press("PageUp");
  // The marker stops a tenth of a second before the end: continueAt must be less than the length.
  await expect(wave).toHaveAttribute("aria-valuenow", "19.9");
  for (let i = 0; i < 9; i++) await page.keyboard.press("Shift+ArrowLeft");
  await expect(wave).toHaveAttribute("aria-valuenow", "10.9");
  const picked = 10.9;
  await expect(page.getByTestId("continue-at")).toHaveText("0:10.9 of 0:20.0");

  // Custom mode needs a title, a style and lyrics; the counters follow the model's limits.
  await page.getByRole("button", { name: "Extend music" }).click();
  // Every missing field at once (style, title, and the lyrics unless instrumental), focus on the first.
  await expect(page.getByText("This field is required")).toHaveCount(3);
  for (const name of ["Title", "Style", "Lyrics"])
    await expect(page.getByLabel(name, { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Title", { exact: true })).toBeFocused();
  await page.getByLabel("Title", { exact: true }).fill("Groove, extended");
  await page.getByLabel("Style", { exact: true }).fill("minimal techno, clicks and sub bass");
  await expect(page.getByTestId("title-count")).toHaveText("16 / 100");
  await page.getByLabel("Model").selectOption("V4");
  await expect(page.getByTestId("title-count")).toHaveText("16 / 80");
  await expect(page.getByTestId("style-count")).toHaveText("35 / 200");
  await page.getByLabel("Instrumental (no vocals)").check();
  await page.getByRole("textbox", { name: /Prompt/ }).fill("Keep the beat going with the same bass");

  await page.getByText("More controls").click();
  await page.getByLabel("Style weight").fill("0.65");
  await expect(page.getByTestId("styleWeight-value")).toHaveText("0.65");
  await page.getByLabel("Callback URL").fill(`${hookBase}/callback`);
  await page.screenshot({ path: `${SCREENS}/music-form.png`, fullPage: true });

  await page.getByRole("button", { name: "Extend music" }).click();
  await expect(page).toHaveURL(TASK_URL, { timeout: 20_000 });
  taskId = decodeURIComponent(TASK_URL.exec(page.url())![1]);

  const bar = page.getByRole("progressbar", { name: "Task progress" });
  await expect(bar).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Groove, extended" })).toBeVisible();
  await expect(page.getByTestId("music-status")).toHaveAttribute("data-status", "SUCCESS", { timeout: 120_000 });
  await expect(bar).toHaveAttribute("aria-valuenow", "100");

  const results = page.getByTestId("music-result");
  await expect(results).toHaveCount(2);
  for (let i = 0; i < 2; i++) {
    const state = await results
      .nth(i)
      .locator("audio")
      .evaluate(async (audio: HTMLAudioElement) => {
        if (audio.readyState < 1) await new Promise((r) => audio.addEventListener("loadedmetadata", r, { once: true }));
        audio.muted = true;
        await audio.play();
        await new Promise((r) => setTimeout(r, 600));
        audio.pause();
        return { duration: audio.duration, readyState: audio.readyState, currentTime: audio.currentTime };
      });
    // The extension keeps the first ~10 s and adds more after it.
    expect(state.duration).toBeGreaterThan(picked);
    expect(state.currentTime > 0 || state.readyState >= 2).toBe(true);
    const cover = results.nth(i).getByRole("img");
    await expect(cover).toBeVisible();
    expect(await cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      results
        .nth(i)
        .getByRole("link", { name: /Download/ })
        .click(),
    ]);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.length).toBeGreaterThan(10_000);
  }

  // The callback URL got the first and complete callbacks; the task page lists the attempts.
  const deliveries = page.getByRole("region", { name: "Callback deliveries" }).getByTestId("delivery-row");
  await expect(deliveries.filter({ hasText: "complete" })).toBeVisible({ timeout: 20_000 });
  await expect(deliveries.filter({ hasText: "complete" }).getByTestId("delivery-code")).toHaveText("200", {
    timeout: 20_000,
  });
  expect(received.some((r) => r.path === "/callback" && r.body.includes(taskId))).toBe(true);
  await page.screenshot({ path: `${SCREENS}/music-task.png`, fullPage: true });

  // The team history lists it, charged the quoted price.
  await page
    .getByRole("link", { name: /Extend music/ })
    .first()
    .click();
  const row = page.getByTestId("music-row").filter({ hasText: "Groove, extended" });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("music-status")).toHaveAttribute("data-status", "SUCCESS");
  await expect(row).toContainText(String(price));
});

test("an admin puts the Music API into maintenance and back", async () => {
  test.setTimeout(120_000);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/settings$/);
  const maintenance = page.getByRole("switch", { name: /Maintenance mode/ });
  await expect(maintenance).not.toBeChecked();
  const rate = page.getByLabel("Requests per minute per key");
  await rate.fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(rate).toHaveAttribute("aria-invalid", "true");
  await rate.fill("90");
  await maintenance.check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
  await page.reload();
  await expect(maintenance).toBeChecked();
  await expect(rate).toHaveValue("90");
  await page.screenshot({ path: `${SCREENS}/admin-settings.png`, fullPage: true });

  // The browser route refuses new tasks while the switch is on.
  const refused = await page.request.post("/api/music/tasks", { data: {} });
  expect(refused.status()).toBe(503);

  await maintenance.uncheck();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
});

test("the music pages fit a 375px phone", async () => {
  await page.setViewportSize({ width: 375, height: 812 });
  for (const p of ["/music", `/music/${taskId}`, "/team", "/keys", "/admin/settings"]) {
    await page.goto(p);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.getByText("Loading…")).toHaveCount(0);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(wide, p).toBeLessThanOrEqual(0);
  }
  await page.goto(`/music/${taskId}`);
  await expect(page.getByTestId("music-result")).toHaveCount(2);
  await page.screenshot({ path: `${SCREENS}/music-task-mobile.png`, fullPage: true });
});
