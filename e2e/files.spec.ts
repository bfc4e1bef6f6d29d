// Files and named work in the browser against the production build: the library page lists an
// upload with its waveform, renames it, starts a new order from it (named after it), opens it in
// Studio, shows what uses it before deleting; a named order downloads as "<title> - vocals.mp3";
// New order clears a corrected field's error at once and points short-video pages elsewhere.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, statePath, test } from "./fixtures";

const run = Date.now().toString(36);
let dir: string;
let audioFile: string;

async function upload(request: APIRequestContext, name: string): Promise<string> {
  const res = await request.post("/api/uploads", {
    multipart: { file: { name, mimeType: "audio/wav", buffer: fs.readFileSync(audioFile) } },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).pathKey as string;
}

test.beforeAll(async ({ browser }) => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "mixdesk-e2e-files-"));
  audioFile = path.join(dir, "tone.wav");
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=4",
    "-ac",
    "2",
    audioFile,
  ]);
  const context = await browser.newContext({ storageState: statePath("admin") });
  const me = await (await context.request.get("/api/me")).json();
  const grant = await context.request.post(`/api/admin/users/${me.user.id}/credits`, {
    data: { amount: 200, reason: `E2E files ${run}` },
  });
  expect(grant.ok()).toBe(true);
  await context.close();
});

test.afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("the library page: rename, new order from it, open in Studio, delete with its usages shown", async ({
  adminPage: page,
}) => {
  // Four journeys in one (Studio and an order finishing included).
  test.setTimeout(180_000);
  const name = `Beat ${run}`;
  await upload(page.request, `${name}.wav`);

  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Files", exact: true }).click();
  await expect(page).toHaveURL(/\/files$/);
  await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search by name" }).fill(name);
  const row = page.getByTestId("file-row").filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Upload");
  await expect(row).toContainText("0:04");
  await expect(row).not.toContainText("upload:");
  await expect(row.getByTestId("waveform-thumb")).toBeVisible();

  // Rename: the extension stays.
  await row.getByRole("button", { name: `More actions for ${name}.wav` }).click();
  await page.getByRole("button", { name: "Rename", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Rename" });
  await dialog.getByLabel("Name").fill(`${name} final`);
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  const renamed = page.getByTestId("file-row").filter({ hasText: `${name} final.wav` });
  await expect(renamed).toHaveCount(1);

  // Open in Studio: a new project holding it.
  await renamed.getByRole("link", { name: "Open in Studio" }).click();
  await expect(page).toHaveURL(/\/studio\/[^/]+$/, { timeout: 20_000 });
  // The clip is placed once the file's length is known: the library measures a file on first
  // request (a decode), which on a loaded CI machine can take several seconds.
  await expect(page.locator("[data-clip-id]")).toHaveCount(1, { timeout: 45_000 });
  await expect(
    page.getByRole("button", { name: new RegExp(`^Track 1: ${name} final\\.wav, starts 0:00\\.000`) }),
  ).toBeVisible();

  // New order from it: the library item is chosen and the work is named after it.
  await page.goto("/files");
  await page.getByRole("searchbox", { name: "Search by name" }).fill(name);
  await page
    .getByTestId("file-row")
    .filter({ hasText: `${name} final.wav` })
    .getByRole("link", { name: "New order" })
    .click();
  await expect(page).toHaveURL(/\/orders\/new\?source=/);
  await expect(page.getByRole("radio", { name: "From Files" })).toBeChecked();
  await expect(page.getByTestId("picker-item").filter({ hasText: `${name} final.wav` })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(`${name} final`);
  await page.getByRole("radio", { name: /^Extract vocals/ }).check();
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(/\/orders\/[A-Za-z0-9]{18}$/);
  await expect(page.getByTestId("order-title")).toHaveText(`${name} final`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "finish", { timeout: 45_000 });

  // Delete: what uses it is listed first, then it is gone.
  await page.goto("/files");
  await page.getByRole("searchbox", { name: "Search by name" }).fill(`${name} final.wav`);
  const target = page
    .getByTestId("file-row")
    .filter({ hasText: `${name} final.wav` })
    .filter({ hasText: "Upload" });
  await target.getByRole("button", { name: `More actions for ${name} final.wav` }).click();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: `Delete “${name} final.wav”?` });
  const usages = confirm.getByTestId("usages");
  await expect(usages).toContainText("Orders made from it");
  await expect(usages.getByRole("link", { name: `${name} final`, exact: true })).toBeVisible();
  // The Studio project opened above, named after the file.
  await expect(usages.getByRole("link", { name: `${name} final.wav`, exact: true })).toBeVisible();
  await expect(usages).toContainText("Studio projects using it");
  await expect(usages).toContainText("This file is in use");
  await confirm.getByRole("button", { name: "Delete anyway" }).click();
  await expect(confirm).toBeHidden();
  await expect(
    page
      .getByTestId("file-row")
      .filter({ hasText: `${name} final.wav` })
      .filter({ hasText: "Upload" }),
  ).toHaveCount(0);
});

test("a named order downloads its stems as '<title> - vocals.mp3'", async ({ adminPage: page }) => {
  const ref = await upload(page.request, `Voice ${run}.wav`);
  const created = await page.request.post("/api/orders", {
    data: { orderType: "extract-voice", stuff: { pathKey: ref }, title: `我的歌 ${run}` },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { orderNo } = await created.json();
  await page.goto(`/orders/${orderNo}`);
  await expect(page.getByTestId("order-title")).toHaveText(`我的歌 ${run}`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "finish", { timeout: 45_000 });

  // Rename in place, then download under the new name.
  await page.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("Name").fill(`夏日 ${run}`);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByTestId("order-title")).toHaveText(`夏日 ${run}`);
  // The stem player's download of the vocals (MP3 by default) is named after the work.
  const stem = page.locator('[data-testid="stem"][data-business="vocals"]');
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    stem.getByRole("link", { name: /Download/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`夏日 ${run} - vocals.mp3`);

  // The history shows the name and finds the order by it.
  await page.goto(`/orders?q=${encodeURIComponent(`夏日 ${run}`)}`);
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await expect(page.getByTestId("order-row").getByTestId("order-title")).toHaveText(`夏日 ${run}`);
});

test("New order: a corrected link's error clears at once; a short-video page points to Short video", async ({
  adminPage: page,
}) => {
  await page.goto("/orders/new");
  await page.getByText("Paste a link", { exact: true }).click();
  const link = page.getByLabel("Link to the audio");
  await link.fill("abc");
  await page.getByRole("button", { name: "Create order" }).click();
  const error = page.getByText("Enter a link that starts with http:// or https://");
  await expect(error).toBeVisible();
  await link.fill("https://example.com/My%20Song.mp3");
  // Bug 1: gone before any submit, as soon as the value is valid.
  await expect(error).toBeHidden();
  await expect(link).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("My Song");

  await link.fill("https://v.douyin.com/iRNBho6u/");
  const hint = page.getByTestId("short-video-hint");
  await expect(hint).toBeVisible();
  await hint.getByRole("link", { name: "Short video" }).click();
  await expect(page).toHaveURL(/\/short-video$/);
});

test("on a phone, the price estimate is above the submit button", async ({ browser }) => {
  const context = await browser.newContext({
    storageState: statePath("admin"),
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto("/orders/new");
  const estimate = await page.getByTestId("estimate").boundingBox();
  const submit = await page.getByRole("button", { name: "Create order" }).boundingBox();
  expect(estimate && submit && estimate.y + estimate.height <= submit.y).toBe(true);
  await context.close();
});
