import fs from "node:fs";
import { expect, test } from "./fixtures";
import { startToneServer, type ToneServer } from "./tone-server";

// The second test looks at the draft the first one made.
test.describe.configure({ mode: "serial" });

const SCREENS = "test-results/screens";

let media: ToneServer | undefined;
let mediaBase = "";
let draftId = "";

test.beforeAll(async () => {
  media = await startToneServer("drafts", [
    ["intro.wav", 440],
    ["main.wav", 660],
  ]);
  mediaBase = media.base;
});

test.afterAll(async () => {
  await media?.close();
});

test("a draft created in the browser shows clips a script adds, and downloads as a JianYing zip", async ({
  adminPage: page,
}) => {
  await page.goto("/dashboard");

  await page.getByRole("link", { name: "Drafts", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Drafts" })).toBeVisible();
  // 9:16 is the default canvas; this draft is landscape.
  await expect(page.getByRole("radio", { name: "9:16 · 1080×1920" })).toBeChecked();
  await page.getByText("16:9 · 1920×1080", { exact: true }).click();
  await page.getByRole("button", { name: "New draft" }).click();

  await expect(page).toHaveURL(/\/drafts\/[0-9a-f]{32}$/);
  draftId = page.url().split("/").at(-1)!;
  await expect(page.getByTestId("draft-id")).toHaveText(draftId);
  await expect(page.getByTestId("draft-canvas")).toHaveText("1920×1080");
  const draftUrl = await page.getByLabel("Draft URL", { exact: true }).inputValue();
  expect(draftUrl).toMatch(new RegExp(`/v1/get_draft\\?draft_id=${draftId}$`));
  await page.getByRole("button", { name: "Copy Draft URL" }).click();
  await expect(page.getByText("Copied to the clipboard")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(draftUrl);
  await expect(page.getByText("No audio yet")).toBeVisible();
  await expect(page.getByTestId("curl-example")).toContainText(`draft_id=${draftId}`);
  await page.screenshot({ path: `${SCREENS}/drafts-empty.png`, fullPage: true });

  // Another team's (or a made-up) draft is a 404 problem.
  const missing = await page.request.get(`/api/drafts/${"0".repeat(32)}`);
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-type"]).toContain("application/problem+json");

  // The "script": an API key and one add_audios call with two overlapping clips.
  const created = await page.request.post("/api/keys", { data: { name: "Draft script" } });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };
  const audioInfos = [
    {
      audio_url: `${mediaBase}/intro.wav`,
      start: 0,
      end: 3_000_000,
      duration: 5_000_000,
      volume: 0.8,
      fade_in: 500_000,
      fade_out: 1_000_000,
    },
    {
      audio_url: `${mediaBase}/main.wav`,
      start: 2_000_000,
      end: 6_500_000,
      duration: 5_000_000,
      volume: 0.5,
      fade_in: 1_000_000,
      fade_out: 0,
    },
  ];
  const added = await page.request.post("/v1/add_audios", {
    headers: { authorization: `Bearer ${key}` },
    data: { draft_url: draftUrl, audio_infos: JSON.stringify(audioInfos) },
  });
  expect(added.status(), await added.text()).toBe(200);
  const result = (await added.json()) as { track_ids: string[]; warnings?: string[] };
  expect(result.track_ids).toHaveLength(2);
  // main.wav lasts 5 s, so the 4.5 s request fits; nothing is cut.
  expect(result.warnings ?? []).toEqual([]);

  // No reload: the page polls.
  await expect(page.getByTestId("track")).toHaveCount(2, { timeout: 15_000 });
  const intro = page.getByRole("img", { name: /^intro\.wav:/ });
  const main = page.getByRole("img", { name: /^main\.wav:/ });
  await expect(intro).toHaveAttribute(
    "aria-label",
    "intro.wav: start 0.000 s, length 3.000 s, end 3.000 s, volume 80%, fade in 0.500 s, fade out 1.000 s",
  );
  await expect(main).toHaveAttribute(
    "aria-label",
    "main.wav: start 2.000 s, length 4.500 s, end 6.500 s, volume 50%, fade in 1.000 s, fade out 0.000 s",
  );
  await expect(page.getByTestId("track").nth(0).getByTestId("clip")).toHaveCount(1);
  await expect(page.getByTestId("track").nth(1).getByTestId("clip")).toHaveCount(1);
  await expect(page.getByTestId("draft-duration")).toHaveText("6.500 s");

  // Placement: boxes sit where their times say, relative to the track's lane.
  const lane = await page.getByTestId("track").nth(1).getByTestId("clip").locator("xpath=../../..").boundingBox();
  const introBox = await intro.boundingBox();
  const mainBox = await main.boundingBox();
  expect(lane && introBox && mainBox).toBeTruthy();
  const perSecond = introBox!.width / 3;
  expect(Math.abs(mainBox!.width - perSecond * 4.5)).toBeLessThan(3);
  expect(Math.abs(mainBox!.x - introBox!.x - perSecond * 2)).toBeLessThan(3);

  await main.focus();
  const tip = page.getByRole("tooltip");
  await expect(tip).toContainText("main.wav");
  await expect(tip).toContainText("4.500 s");
  await expect(main).toHaveAttribute("aria-describedby", /.+/);
  await page.screenshot({ path: `${SCREENS}/drafts-timeline.png`, fullPage: true });
  await page.getByRole("button", { name: "4×" }).click();
  await expect(page.getByRole("button", { name: "4×" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => (await main.boundingBox())!.width).toBeGreaterThan(mainBox!.width * 3);
  await page.getByTestId("timeline").screenshot({ path: `${SCREENS}/drafts-timeline-zoom.png` });
  await page.getByRole("button", { name: "1×" }).click();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download for JianYing (.zip)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${draftId}.zip`);
  const zip = fs.readFileSync(await download.path());
  expect(zip.subarray(0, 2).toString("latin1")).toBe("PK");
  const names = zip.toString("latin1");
  expect(names).toContain(`${draftId}/draft_content.json`);
  expect(names).toContain(`${draftId}/draft_meta_info.json`);
  expect(names).toContain(`${draftId}/assets/audio/`);
});

test("a teammate sees the team's drafts in the list", async ({
  adminPage: page,
  admin: owner,
  memberPage: matePage,
  member: mate,
}) => {
  await matePage.goto("/dashboard");
  await matePage.getByRole("link", { name: "Drafts", exact: true }).click();
  const row = matePage.getByTestId("draft-row").filter({ hasText: draftId });
  await expect(row).toBeVisible();
  await expect(row).toContainText("1920×1080");
  await expect(row).toContainText(owner.name);
  await expect(row).toContainText("0:06.5");

  // The teammate's new draft reaches the owner's open list without a reload.
  await page.goto("/drafts");
  await expect(page.getByTestId("draft-row").filter({ hasText: draftId })).toBeVisible();
  const before = await page.getByTestId("draft-row").count();
  // A named draft on the default 9:16 canvas: the name is its heading and JianYing's draft_name.
  await matePage.getByLabel("Name", { exact: true }).fill("夏日 vlog");
  await matePage.getByRole("button", { name: "New draft" }).click();
  await expect(matePage).toHaveURL(/\/drafts\/[0-9a-f]{32}$/);
  await expect(matePage.getByTestId("draft-canvas")).toHaveText("1080×1920");
  await expect(matePage.getByTestId("draft-name")).toHaveText("夏日 vlog");
  await expect(page.getByTestId("draft-row")).toHaveCount(before + 1, { timeout: 15_000 });
  await expect(page.getByTestId("draft-row").first()).toContainText(mate.name);
  await page.screenshot({ path: `${SCREENS}/drafts-list.png`, fullPage: true });

  await matePage.getByRole("link", { name: "All drafts" }).click();
  await row.getByRole("link", { name: draftId }).click();
  await expect(matePage.getByTestId("track")).toHaveCount(2);

  // On a phone the page does not scroll sideways; only the timeline does.
  await matePage.setViewportSize({ width: 375, height: 800 });
  await expect(matePage.getByTestId("timeline")).toBeVisible();
  expect(await matePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await matePage.screenshot({ path: `${SCREENS}/drafts-phone.png`, fullPage: true });
});
