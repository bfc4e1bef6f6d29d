import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { startToneServer, type ToneServer } from "./tone-server";

const SCREENS = "test-results/screens";
let tones: ToneServer | undefined;
let dir = "";
let base = "";

test.beforeAll(async () => {
  tones = await startToneServer("studio", [
    ["pad.wav", 220, 6],
    ["lead.wav", 660, 4],
  ]);
  ({ dir, base } = tones);
});

test.afterAll(async () => {
  await tones?.close();
});

test("build a timeline from the bin, trim, fade, preview, apply to a draft and export the mix", async ({
  adminPage: page,
}) => {
  test.setTimeout(180_000);
  await page.goto("/dashboard");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" }).click();
  await expect(page).toHaveURL(/\/studio$/);
  await page.getByRole("button", { name: "New project" }).click();
  await expect(page).toHaveURL(/\/studio\/[^/]+$/);
  const projectUrl = page.url();
  // The bin's mini waveforms and the clips read peaks through the shared library queries: one
  // cache, so no peaks level of a media item is fetched twice while the page is open.
  const peaks: string[] = [];
  const onRequest = (r: { url(): string }) => {
    if (r.url().includes("/api/library/peaks")) peaks.push(r.url());
  };
  page.on("request", onRequest);

  // Media in: a file upload (with progress) and a pasted link.
  await page.getByLabel("Upload files").setInputFiles(path.join(dir, "pad.wav"));
  await page.getByLabel("Paste a link to audio or video").fill(`${base}/lead.wav`);
  await page.getByRole("button", { name: "Fetch" }).click();
  const bin = page.getByRole("list", { name: "Media library" });
  const pad = bin.getByTestId("bin-item").filter({ hasText: "pad.wav" });
  const lead = bin.getByTestId("bin-item").filter({ hasText: "lead.wav" });
  await expect(pad).toBeVisible({ timeout: 30_000 });
  await expect(lead).toBeVisible({ timeout: 30_000 });
  // Draggable once the length is known.
  await expect(pad).toHaveAttribute("draggable", "true");
  await expect(lead).toHaveAttribute("draggable", "true");

  // Drag from the bin: pad onto track 1 at its start, lead onto the empty row (a new track).
  const lane1 = page.getByRole("list", { name: "Clips on Track 1" });
  await pad.dragTo(lane1, { targetPosition: { x: 2, y: 30 } });
  const padClip = page.getByRole("button", { name: /^Track 1: pad\.wav, starts 0:00\.000, length 0:06\.000/ });
  await expect(padClip).toBeVisible();
  await lead.dragTo(page.getByText("Drop media here to start a new track"), { targetPosition: { x: 300, y: 20 } });
  const leadClip = page.getByRole("button", { name: /^Track 2: lead\.wav/ });
  await expect(leadClip).toBeVisible();

  // Trim pad's right edge to the left by about a third.
  const box = await padClip.boundingBox();
  if (!box) throw new Error("no clip box");
  const edge = padClip.locator('[data-role="trim-end"]');
  const eb = await edge.boundingBox();
  if (!eb) throw new Error("no trim handle");
  await page.mouse.move(eb.x + eb.width / 2, eb.y + eb.height / 2);
  await page.mouse.down();
  await page.mouse.move(eb.x - box.width / 3, eb.y + eb.height / 2, { steps: 8 });
  await page.mouse.up();
  const trimmed = page.getByRole("button", { name: /^Track 1: pad\.wav, starts 0:00\.000, length 0:0[34]\./ });
  await expect(trimmed).toBeVisible();

  // Fade in by dragging the handle at the top-left corner, then set the fade-out as a number.
  await trimmed.click();
  const fin = trimmed.locator('[data-role="fade-in"]');
  const fb = await fin.boundingBox();
  if (!fb) throw new Error("no fade handle");
  await page.mouse.move(fb.x + fb.width / 2, fb.y + fb.height / 2);
  await page.mouse.down();
  await page.mouse.move(fb.x + 40, fb.y + fb.height / 2, { steps: 6 });
  await page.mouse.up();
  await expect(page.getByTestId("fade-in-input")).not.toHaveValue("0");
  await page.getByTestId("fade-out-input").fill("0.5");
  await page.getByTestId("fade-out-input").press("Enter");
  await expect(page.getByTestId("fade-out-input")).toHaveValue("0.5");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved", { timeout: 15_000 });

  // The audio_infos panel shows the JSON add_audios takes.
  await page.getByRole("button", { name: "audio_infos" }).click();
  const json = page.getByTestId("audio-infos-json");
  await expect(json).toContainText('"fade_out": 500000');
  const infos = JSON.parse((await json.textContent()) ?? "[]") as { start: number; end: number; fade_in: number }[];
  expect(infos).toHaveLength(2);
  expect(infos[0].fade_in).toBeGreaterThan(0);

  // Preview: the AudioContext runs and the playhead moves.
  const play = page.getByTestId("play");
  await play.click();
  await expect(play).toHaveAttribute("data-audio-state", "running", { timeout: 20_000 });
  const clock = page.getByTestId("clock");
  await expect(clock).not.toHaveText("0:00.000", { timeout: 10_000 });
  const first = await clock.textContent();
  await expect(clock).not.toHaveText(first ?? "", { timeout: 5_000 });
  await play.click();
  await fs.promises.mkdir(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/studio-editor.png`, fullPage: true });

  page.off("request", onRequest);
  expect(peaks.length).toBeGreaterThan(0);
  expect(peaks.filter((u, i) => peaks.indexOf(u) !== i)).toEqual([]);

  // Reload: autosave kept it.
  await page.goto(projectUrl);
  await expect(page.getByRole("button", { name: /^Track 2: lead\.wav/ })).toBeVisible();

  // Apply to a new draft; the draft page shows the two clips.
  await page.getByRole("button", { name: "Apply to draft" }).click();
  const dialog = page.getByRole("dialog", { name: "Apply to a draft" });
  await dialog.getByLabel("A new draft").check();
  await dialog.getByRole("button", { name: "Apply", exact: true }).click();
  const draftLink = dialog.getByTestId("applied-draft");
  await expect(draftLink).toBeVisible({ timeout: 30_000 });
  const draftHref = await draftLink.getAttribute("href");
  await dialog.getByRole("button", { name: "Close" }).click();

  // Export the mix, play it and download it.
  await page.getByRole("button", { name: "Export mix" }).click();
  const exp = page.getByRole("dialog", { name: "Export the mix" });
  await exp.getByRole("button", { name: "Export", exact: true }).click();
  const result = exp.getByTestId("export-result");
  await expect(result).toBeVisible({ timeout: 90_000 });
  const download = page.waitForEvent("download");
  await result.getByRole("link", { name: /Download/ }).click();
  const file = await (await download).path();
  const bytes = fs.readFileSync(file);
  expect(bytes.subarray(0, 4).toString("latin1")).toBe("RIFF");
  // Both clips end by 4 s + the lead's drop point: far more than a header.
  expect(bytes.length).toBeGreaterThan(44_100 * 2 * 2 * 3);
  await exp.getByRole("button", { name: "Close" }).click();

  // Keyboard: Shift+→ nudges the selected clip by a second, Ctrl/Cmd+Z undoes it, S splits at the
  // playhead; Ctrl+wheel zooms (the clip gets wider).
  const leadNow = page.getByRole("button", { name: /^Track 2: lead\.wav/ });
  const before = (await leadNow.getAttribute("aria-label")) ?? "";
  const startOf = (label: string) => /starts ([\d:.]+)/.exec(label)?.[1];
  await leadNow.focus();
  await page.keyboard.press("Enter");
  await expect(leadNow).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByRole("button", { name: /^Track 2: lead\.wav/ })).not.toHaveAttribute("aria-label", before);
  expect(
    startOf((await page.getByRole("button", { name: /^Track 2: lead\.wav/ }).getAttribute("aria-label")) ?? ""),
  ).not.toBe(startOf(before));
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.getByRole("button", { name: /^Track 2: lead\.wav/ })).toHaveAttribute("aria-label", before);
  const w0 = (await leadNow.boundingBox())?.width ?? 0;
  await leadNow.hover();
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, -300);
  await page.keyboard.up("Control");
  await expect.poll(async () => (await leadNow.boundingBox())?.width ?? 0).toBeGreaterThan(w0 * 1.2);

  // A phone: the same project reads and trims at 390 px.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(projectUrl);
  const phoneClip = page.getByRole("button", { name: /^Track 1: pad\.wav/ });
  await expect(phoneClip).toBeVisible();
  await expect(page.getByRole("button", { name: "Play (Space)" })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/studio-phone.png` });
  await page.setViewportSize({ width: 1280, height: 720 });

  await page.goto(draftHref ?? "/drafts");
  await expect(page.getByTestId("draft-canvas")).toHaveText("1920×1080");
  await expect(page.getByText(/2 clips/)).toBeVisible();

  // Back into Studio from the draft: both clips, with the trimmed length and the fades.
  await page.getByRole("link", { name: "Edit in Studio" }).click();
  await expect(page).toHaveURL(/\/studio\/[^/]+$/, { timeout: 20_000 });
  await expect(page.locator("[data-clip-id]")).toHaveCount(2);
  await page.getByRole("button", { name: "audio_infos" }).click();
  const back = JSON.parse((await page.getByTestId("audio-infos-json").textContent()) ?? "[]") as typeof infos;
  expect(back.map((i) => [i.start, i.end, i.fade_in])).toEqual(infos.map((i) => [i.start, i.end, i.fade_in]));

  // "Open in Studio" on the export's order page places the mix by its library ref (file:<id>).
  const { orders } = (await (await page.request.get("/api/orders")).json()) as {
    orders: { orderNo: string; type: string }[];
  };
  const mix = orders.find((o) => o.type === "studio-export")!;
  await page.goto(`/orders/${mix.orderNo}`);
  const open = page.getByRole("link", { name: "Open in Studio" });
  expect(await open.getAttribute("href")).toMatch(/add=file%3A/);
  await open.click();
  await expect(page).toHaveURL(/\/studio\/[^/?]+$/, { timeout: 20_000 });
  await expect(page.locator("[data-clip-id]")).toHaveCount(1);
  await expect(page.getByRole("button", { name: /^Track 1: .+\.wav, starts 0:00\.000/ })).toBeVisible();
});

test("a teammate's save in between is never silently lost: reload theirs or overwrite with mine", async ({
  adminPage: ada,
  memberPage: ben,
  admin,
  member,
}) => {
  test.setTimeout(120_000);
  const made = await ada.request.post("/api/studio/projects", { data: { name: `Shared mix ${Date.now()}` } });
  expect(made.status()).toBe(201);
  const { id } = (await made.json()) as { id: string };
  const version = async () =>
    ((await (await ada.request.get(`/api/studio/projects/${id}`)).json()) as { version: number }).version;
  const v0 = await version();
  await ada.goto(`/studio/${id}`);
  await ben.goto(`/studio/${id}`);
  await expect(ben.getByLabel("Name of track 1")).toBeVisible();

  // Ada adds a track; autosave stores it.
  await ada.getByRole("button", { name: /Add track/ }).click();
  await expect.poll(version, { timeout: 15_000 }).toBeGreaterThan(v0);

  // Ben, still on the old version, renames a track: his save is refused and he is told who saved.
  await ben.getByLabel("Name of track 1").fill("Vocals");
  await ben.getByLabel("Name of track 1").press("Enter");
  const conflict = ben.getByRole("dialog", { name: "A teammate saved this project" });
  await expect(conflict).toBeVisible({ timeout: 15_000 });
  await expect(conflict).toContainText(admin.name);
  await conflict.getByRole("button", { name: "Reload theirs" }).click();
  await expect(ben.getByLabel("Name of track 2")).toBeVisible();
  await expect(ben.getByLabel("Name of track 1")).toHaveValue("Track 1");

  // Now Ben renames and saves; Ada (stale) removes a track and chooses to overwrite with hers.
  await ben.getByLabel("Name of track 1").fill("Vocals");
  await ben.getByLabel("Name of track 1").press("Enter");
  const v1 = await version();
  await expect.poll(version, { timeout: 15_000 }).toBeGreaterThan(v1);
  await ada.getByRole("button", { name: "Remove Track 2" }).click();
  const adaConflict = ada.getByRole("dialog", { name: "A teammate saved this project" });
  await expect(adaConflict).toBeVisible({ timeout: 15_000 });
  await expect(adaConflict).toContainText(member.name);
  await adaConflict.getByRole("button", { name: "Overwrite with mine" }).click();
  await expect(ada.getByTestId("save-status")).toHaveAttribute("data-status", "saved", { timeout: 15_000 });
  const stored = (await (await ada.request.get(`/api/studio/projects/${id}`)).json()) as {
    timeline: { tracks: { name: string }[] };
  };
  expect(stored.timeline.tracks.map((t) => t.name)).toEqual(["Track 1"]);
});
