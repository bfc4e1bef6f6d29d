// The transcript of an extract-text order in the browser: a subtitled MP4 (VP9, Opus and a
// mov_text stream made by ffmpeg) is uploaded on New order as an extract-text order, which the
// embedded-subtitle engine finishes. (Not WebM: its muxer shifts every packet, the cues too, by the
// Opus/Vorbis pre-roll, a few ms the engine faithfully reports; MP4 keeps the cues where they were
// written.) The viewer seeks the player and follows it, a correction is saved as version 2 and the
// SRT download follows it, the text is copied, and the transcript is sent to a draft as a caption
// track checked in draft_content.json; the draft's page and Studio show that caption track.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "./fixtures";

const SEGMENTS = [
  { start: 0.5, end: 2, text: "Hello from Mixdesk" },
  { start: 2.5, end: 4, text: "teh second line" },
  { start: 4.5, end: 5.8, text: "第三行字幕" },
];

function subtitledVideo(dir: string) {
  const srt = path.join(dir, "subs.srt");
  fs.writeFileSync(
    srt,
    SEGMENTS.map(
      (s, i) =>
        `${i + 1}\n00:00:0${s.start.toFixed(3).replace(".", ",")} --> 00:00:0${s.end.toFixed(3).replace(".", ",")}\n${s.text}\n`,
    ).join("\n"),
  );
  const video = path.join(dir, "interview.mp4");
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=320x240:rate=15:duration=6",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=330:sample_rate=48000:duration=6",
    "-i",
    srt,
    "-map",
    "0:v",
    "-map",
    "1:a",
    "-map",
    "2:s",
    "-c:v",
    "libvpx-vp9",
    "-b:v",
    "200k",
    "-deadline",
    "realtime",
    "-c:a",
    "libopus",
    "-c:s",
    "mov_text",
    video,
  ]);
  return video;
}

const ORDER_URL = /\/orders\/([A-Za-z0-9]{18})$/;

test("transcript viewer: seek and follow the player, save a correction, copy, download, send to a draft", async ({
  // The admin, who can grant the credits a paid extract-text order holds.
  adminPage: page,
  admin,
}) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mixdesk-transcript-e2e-"));
  const video = subtitledVideo(dir);
  const me = (await (await page.request.get("/api/me")).json()) as { user: { id: string } };
  const grant = await page.request.post(`/api/admin/users/${me.user.id}/credits`, {
    data: { amount: 100, reason: `E2E transcript ${Date.now()}` },
  });
  expect(grant.ok()).toBe(true);

  // New order: extract-text on the uploaded video; the embedded-subtitle engine reads its mov_text stream.
  await page.goto("/orders/new");
  await page.getByRole("radio", { name: /^Extract text/ }).check();
  await page.locator('input[type="file"]').setInputFiles(video);
  const card = page.getByTestId("upload-card");
  await expect(card).toContainText("interview.mp4");
  await expect(card.getByText("Uploaded")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: "Create order" }).click();
  await expect(page).toHaveURL(ORDER_URL);
  const orderNo = ORDER_URL.exec(page.url())![1];
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "finish", { timeout: 60_000 });

  await expect(page.getByRole("heading", { name: "Transcript", exact: true })).toBeVisible();
  const lines = page.getByTestId("transcript-line");
  await expect(lines).toHaveCount(3);
  await expect(lines.nth(2)).toContainText("第三行字幕");
  const player = page.getByTestId("transcript-player");
  await player.evaluate(
    (v: HTMLMediaElement) =>
      new Promise<void>((resolve) =>
        v.readyState >= 1 ? resolve() : v.addEventListener("loadedmetadata", () => resolve()),
      ),
  );

  // A click on a line seeks the player there and highlights it.
  await lines.nth(1).click();
  await expect(lines.nth(1)).toHaveAttribute("aria-current", "true");
  expect(await player.evaluate((v: HTMLMediaElement) => v.currentTime)).toBeCloseTo(2.5, 1);
  await expect(lines.nth(0)).not.toHaveAttribute("aria-current", "true");

  // Playing moves the highlight along.
  await player.evaluate((v: HTMLMediaElement) => {
    v.muted = true;
    return v.play();
  });
  await expect(lines.nth(2)).toHaveAttribute("aria-current", "true", { timeout: 10_000 });
  await player.evaluate((v: HTMLMediaElement) => v.pause());
  await expect(page.getByTestId("transcript-version")).toHaveText("Version 1");

  // A correction is saved as version 2 and the downloads follow it.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByLabel("Line at 0:02.5").fill("the second line");
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page.getByTestId("transcript-version")).toContainText("Version 2");
  await expect(page.getByTestId("transcript-version")).toContainText(admin.name);
  await expect(lines.nth(1)).toContainText("the second line");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "SRT", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${orderNo}-subtitles-v2.srt`);
  const srt = fs.readFileSync((await download.path())!, "utf8");
  expect(srt).toContain("2\n00:00:02,500 --> 00:00:04,000\nthe second line\n");
  expect(srt).toContain("第三行字幕");

  await page.getByRole("button", { name: "Copy text" }).click();
  await expect(page.getByText("Copied to the clipboard.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    "Hello from Mixdesk\nthe second line\n第三行字幕",
  );

  // Send to a draft, 10 s into its timeline, at the top.
  const draft = (await (await page.request.post("/api/drafts", { data: {} })).json()) as { id: string };
  await page.getByRole("button", { name: "Send to a draft" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Draft", { exact: true }).selectOption(draft.id);
  await dialog.getByLabel("Line up with").selectOption({ label: "The start of the timeline (plus an offset)" });
  await dialog.getByLabel("Offset from the start (seconds)").fill("10");
  await dialog.getByLabel("Position").selectOption("top");
  await dialog.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dialog.getByTestId("sent-to-draft")).toHaveText("3 captions added (0:10.5–0:15.8).");

  const { key } = (await (await page.request.post("/api/keys", { data: { name: "Caption check" } })).json()) as {
    key: string;
  };
  const files = (await (
    await page.request.get(`/v1/get_draft?draft_id=${draft.id}`, { headers: { authorization: `Bearer ${key}` } })
  ).json()) as { files: string[]; paths: string[] };
  const content = (await (await page.request.get(files.files[files.paths.indexOf("draft_content.json")])).json()) as {
    tracks: { type: string; segments: { target_timerange: { start: number }; clip: { transform: { y: number } } }[] }[];
    materials: { texts: { content: string }[] };
  };
  const text = content.tracks.find((t) => t.type === "text")!;
  expect(text.segments.map((s) => s.target_timerange.start)).toEqual([10_500_000, 12_500_000, 14_500_000]);
  expect(text.segments.every((s) => s.clip.transform.y === 0.8)).toBe(true);
  expect(content.materials.texts.map((m) => JSON.parse(m.content).text)).toEqual([
    "Hello from Mixdesk",
    "the second line",
    "第三行字幕",
  ]);

  // The draft's page counts the captions and shows the caption track, each caption by its text.
  await page.goto(`/drafts/${draft.id}`);
  await expect(page.getByTestId("draft-counts")).toHaveText("0 tracks · 0 clips · 3 captions on 1 caption track");
  const row = page.getByTestId("caption-track");
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("caption")).toHaveText(["Hello from Mixdesk", "the second line", "第三行字幕"]);
  await expect(row.getByTestId("caption").first()).toHaveAttribute(
    "aria-label",
    "Caption “Hello from Mixdesk”: start 10.500 s, length 1.500 s",
  );

  // Studio shows the draft's caption track read-only under the audio lanes.
  await page.getByRole("link", { name: "Edit in Studio" }).click();
  await expect(page).toHaveURL(/\/studio\/[^/]+$/, { timeout: 20_000 });
  const cues = page.getByTestId("caption-rows").getByTestId("caption-cue");
  await expect(cues).toHaveText(["Hello from Mixdesk", "the second line", "第三行字幕"]);
  await expect(cues.nth(1)).toHaveAttribute(
    "aria-label",
    "Caption “the second line”, starts 0:12.500, length 0:01.500",
  );
  const [a, b] = [await cues.nth(0).boundingBox(), await cues.nth(1).boundingBox()];
  // 2 s apart at the editor's zoom (px per second from the store), whatever that zoom is.
  await page.getByRole("button", { name: /Zoom in/ }).click();
  const [a2, b2] = [await cues.nth(0).boundingBox(), await cues.nth(1).boundingBox()];
  expect(b2!.x - a2!.x).toBeGreaterThan((b!.x - a!.x) * 1.2);

  // Applied to a new draft (no captions), the rows follow that draft at once, and come back when
  // the timeline is applied to the captioned draft again: no reload needed.
  const applyOnce = async (target: "A new draft" | "An existing draft") => {
    await page.getByRole("button", { name: "Apply to draft" }).click();
    const apply = page.getByRole("dialog", { name: "Apply to a draft" });
    await apply.getByRole("radio", { name: target }).check();
    if (target === "An existing draft") {
      await apply.getByRole("combobox", { name: "An existing draft" }).selectOption(draft.id);
      await apply.getByRole("radio", { name: "Append" }).check();
    }
    await apply.getByRole("button", { name: "Apply", exact: true }).click();
    await expect(apply.getByTestId("applied-draft")).toBeVisible({ timeout: 20_000 });
    await apply.getByRole("button", { name: "Close" }).first().click();
  };
  await applyOnce("A new draft");
  await expect(page.getByTestId("caption-rows")).toHaveCount(0);
  await applyOnce("An existing draft");
  await expect(cues).toHaveText(["Hello from Mixdesk", "the second line", "第三行字幕"]);
  fs.rmSync(dir, { recursive: true, force: true });
});
