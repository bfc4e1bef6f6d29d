// The stem player on the production build: a mix whose stems differ (a loud centred chirp the engine
// takes as vocals, a quiet hard-left tone it leaves in the accompaniment) is separated, then the
// output meter (an AnalyserNode after the whole graph) proves that solo, mute and A/B change what
// plays; seeking by clicking a waveform; Download all as a zip and a format download; the phone
// layout; and Retry on an order whose link 404s.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { expect, statePath, test } from "./fixtures";

const run = Date.now().toString(36);
const SCREENS = "test-results/screens";
const ORDER_URL = /\/orders\/([A-Za-z0-9]{18})$/;

let dir: string;
let mixFile: string;
let media: http.Server;
let mediaBase = "";
/** The loopback "CDN" answers 404 for late.wav until the test puts the file there. */
let lateReady = false;

test.beforeAll(async ({ browser }) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mixdesk-stems-e2e-"));
  mixFile = path.join(dir, "duet.wav");
  // Left: 0.5·chirp + 0.1·sin 1 kHz; right: 0.5·chirp. The centred chirp (300 Hz rising 40 Hz a
  // second: it never repeats, as a voice) is "vocals" for every DSP cue; the quiet steady side tone
  // is accompaniment (measured with dsp-v2: vocals −9 dB, accompaniment −26 dB mean).
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "aevalsrc=0.5*sin(2*PI*(300*t+20*t*t))+0.1*sin(2*PI*1000*t)|0.5*sin(2*PI*(300*t+20*t*t)):s=44100:d=40",
    mixFile,
  ]);
  media = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? "/", "http://x").pathname);
    if (name !== "late.wav" || !lateReady) return res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": "audio/wav", "content-length": fs.statSync(mixFile).size });
    fs.createReadStream(mixFile).pipe(res);
  });
  await new Promise<void>((resolve) => media.listen(0, "127.0.0.1", resolve));
  mediaBase = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;

  const context = await browser.newContext({ storageState: statePath("admin") });
  const me = await (await context.request.get("/api/me")).json();
  const grant = await context.request.post(`/api/admin/users/${me.user.id}/credits`, {
    data: { amount: 500, reason: `E2E stem player ${run}` },
  });
  expect(grant.ok()).toBe(true);
  await context.close();
});

test.afterAll(async () => {
  await new Promise((resolve) => media?.close(resolve));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function finishedOrder(request: APIRequestContext): Promise<string> {
  const uploaded = await request.post("/api/uploads", {
    multipart: { file: { name: "duet.wav", mimeType: "audio/wav", buffer: fs.readFileSync(mixFile) } },
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  const { pathKey } = await uploaded.json();
  const created = await request.post("/api/orders", { data: { orderType: "track-separation", stuff: { pathKey } } });
  expect(created.status(), await created.text()).toBe(201);
  const { orderNo } = await created.json();
  await expect
    .poll(async () => (await (await request.get(`/api/orders/${orderNo}`)).json()).status, { timeout: 60_000 })
    .toBe("finish");
  return orderNo;
}

/** The output meter's level in dBFS, as it announces it. */
const level = async (meter: Locator) => Number(await meter.getAttribute("aria-valuenow"));

async function expectLevel(meter: Locator, check: (db: number) => boolean, what: string) {
  await expect
    .poll(async () => check(await level(meter)), { message: what, timeout: 10_000, intervals: [250] })
    .toBe(true);
}

let orderNo = "";

test("solo, mute and A/B change what plays; a click on a waveform seeks", async ({ adminPage: page }) => {
  test.setTimeout(180_000);
  orderNo = await finishedOrder(page.request);
  await page.goto(`/orders/${orderNo}`);
  const player = page.getByTestId("stem-player");
  await expect(player.getByRole("heading", { name: "Original" })).toBeVisible();
  await expect(page.getByTestId("stem")).toHaveCount(2);
  await expect(player.getByRole("slider", { name: "Position in Vocals" })).toBeVisible();

  const meter = player.getByRole("meter", { name: "Output level" });
  const play = page.getByTestId("stem-play");
  await play.click();
  await expect(play).toHaveAttribute("data-state", "playing", { timeout: 20_000 });
  const time = page.getByTestId("stem-time");
  await expect(time).not.toHaveText(/^0:00 /, { timeout: 10_000 });

  // Both stems: the whole mix (≈ −9 dBFS: the centred chirp dominates).
  await expectLevel(meter, (db) => db > -15, "the full mix plays");
  const full = await level(meter);

  await player.getByRole("button", { name: "Solo Vocals" }).click();
  await expect(player.getByRole("button", { name: "Solo Vocals" })).toHaveAttribute("aria-pressed", "true");
  await expectLevel(meter, (db) => db > -15, "vocals solo: the loud centred chirp");
  const vocals = await level(meter);

  await player.getByRole("button", { name: "Solo Vocals" }).click();
  await player.getByRole("button", { name: "Solo Accompaniment" }).click();
  // Only the quiet left-panned tone is left: far below the vocals.
  await expectLevel(meter, (db) => db < vocals - 10 && db > -60, "accompaniment solo: the quiet side tone");
  const accompaniment = await level(meter);
  expect(accompaniment).toBeLessThan(full - 10);
  await player.getByRole("button", { name: "Solo Accompaniment" }).click();

  await player.getByRole("button", { name: "Mute Vocals" }).click();
  await player.getByRole("button", { name: "Mute Accompaniment" }).click();
  await expectLevel(meter, (db) => db < -70, "both stems muted: silence");

  // A/B: the original plays at the same position, whatever the stems' mutes.
  await player.locator("label", { hasText: "Original" }).click();
  await expect(player.getByRole("radio", { name: "Original" })).toBeChecked();
  await expectLevel(meter, (db) => db > -15, "the original plays");
  await player.locator("label", { hasText: "Stems" }).click();
  await expect(player.getByRole("radio", { name: "Stems" })).toBeChecked();
  await expectLevel(meter, (db) => db < -70, "back to the muted stems");

  // Volume: vocals back on at 50 % is about 6 dB under full.
  await player.getByRole("button", { name: "Mute Vocals" }).click();
  // From the keyboard: ten steps of 5 % down.
  await player.getByRole("slider", { name: "Volume of Vocals" }).focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowLeft");
  await expect(player.getByRole("slider", { name: "Volume of Vocals" })).toHaveValue("50");
  await expectLevel(meter, (db) => db < vocals - 4 && db > vocals - 8, "vocals at half volume");

  await play.click();
  await expect(play).toHaveAttribute("data-state", "paused");
  await expectLevel(meter, (db) => db <= -90, "paused: silent");

  // Seek: a click in the middle of a waveform moves to about 0:20 of 0:40; arrows step 5 s.
  const wave = player.getByRole("slider", { name: "Position in Accompaniment" });
  const box = (await wave.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(time).toHaveText(/^0:(19|20) \/ 0:40$/);
  await wave.focus();
  await page.keyboard.press("ArrowLeft");
  await expect(time).toHaveText(/^0:(14|15) \/ 0:40$/);
  await page.keyboard.press("Home");
  await expect(time).toHaveText("0:00 / 0:40");
  await fs.promises.mkdir(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/stem-player.png`, fullPage: true });
});

test("Download all is a zip of the stems in the chosen format; one stem downloads as FLAC", async ({
  adminPage: page,
}) => {
  test.setTimeout(120_000);
  if (!orderNo) orderNo = await finishedOrder(page.request);
  await page.goto(`/orders/${orderNo}`);
  await page.getByLabel("Format").selectOption("wav");
  const [zip] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download all (zip)" }).click(),
  ]);
  // Named after the work: the uploaded duet.wav titles the order "duet".
  expect(zip.suggestedFilename()).toBe("duet - stems (WAV).zip");
  const listing = execFileSync("unzip", ["-Z1", await zip.path()], { encoding: "utf8" })
    .trim()
    .split("\n")
    .sort();
  expect(listing).toEqual(["duet - accompaniment.wav", "duet - vocals.wav"]);
  const out = path.join(dir, "unzipped");
  execFileSync("unzip", ["-q", "-o", await zip.path(), "-d", out]);
  for (const name of listing) expect(fs.readFileSync(path.join(out, name)).subarray(0, 4).toString()).toBe("RIFF");

  await page.getByLabel("Format").selectOption("flac");
  const vocals = page.getByTestId("stem").filter({ hasText: "Vocals" });
  const [flac] = await Promise.all([
    page.waitForEvent("download"),
    vocals.getByRole("link", { name: "Download Vocals (FLAC)" }).click(),
  ]);
  expect(flac.suggestedFilename()).toBe("duet - vocals.flac");
  expect(
    fs
      .readFileSync(await flac.path())
      .subarray(0, 4)
      .toString(),
  ).toBe("fLaC");
});

test("on a 390×844 phone every control is reachable and nothing scrolls sideways", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({
    storageState: statePath("admin"),
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page: Page = await context.newPage();
  if (!orderNo) orderNo = await finishedOrder(page.request);
  await page.goto(`/orders/${orderNo}`);
  const player = page.getByTestId("stem-player");
  for (const name of ["Mute Vocals", "Solo Vocals", "Mute Accompaniment", "Solo Accompaniment"]) {
    const button = player.getByRole("button", { name });
    await button.scrollIntoViewIfNeeded();
    await expect(button).toBeInViewport();
  }
  await expect(player.getByRole("slider", { name: "Volume of Accompaniment" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download all (zip)" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // Stem names are not squeezed under the controls.
  const squeezed = await player
    .getByRole("heading", { level: 3 })
    .evaluateAll((hs) => hs.filter((h) => h.scrollWidth > h.clientWidth).map((h) => h.textContent));
  expect(squeezed).toEqual([]);
  await page.screenshot({ path: `${SCREENS}/stem-player-phone.png`, fullPage: true });
  await context.close();
});

test("a failed order says what to do next, and Retry makes a new order from the same link", async ({
  adminPage: page,
}) => {
  test.setTimeout(180_000);
  lateReady = false;
  const link = `${mediaBase}/late.wav`;
  const created = await page.request.post("/api/orders", {
    data: { orderType: "track-separation", stuff: { pathKey: link } },
  });
  expect(created.status(), await created.text()).toBe(201);
  const failedNo = (await created.json()).orderNo as string;
  await page.goto(`/orders/${failedNo}`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "failed", { timeout: 30_000 });
  const panel = page.getByTestId("retry-panel");
  await expect(panel.getByRole("heading", { name: "What to do next" })).toBeVisible();
  await expect(panel).toContainText("Check that the link opens in a browser");
  await expect(panel).toContainText("Retry makes a new order from the same input");

  // The file is there now: the retried order gets it and finishes.
  lateReady = true;
  const { held: heldBefore } = await (await page.request.get("/api/me")).json();
  await panel.getByRole("button", { name: "Retry" }).click();
  await page.waitForURL((url) => ORDER_URL.test(url.pathname) && !url.pathname.endsWith(failedNo));
  const retriedNo = ORDER_URL.exec(page.url())![1];
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "finish", { timeout: 60_000 });
  await expect(page.getByTestId("stem")).toHaveCount(2);
  const retried = await (await page.request.get(`/api/orders/${retriedNo}`)).json();
  expect(retried.pathKey).toBe(link);
  expect(retried.cost).toBeGreaterThan(0);
  expect((await (await page.request.get("/api/me")).json()).held).toBe(heldBefore);
  // The failed order stays as it was.
  expect((await (await page.request.get(`/api/orders/${failedNo}`)).json()).status).toBe("failed");
});
