// Caption tracks around Studio, on real SQLite and ffmpeg: a draft with audio and a caption track
// (add_captions) opens in Studio with the captions beside the project (read-only, not in the
// timeline); applying the project back in replace mode rewrites the audio and keeps the caption
// track exactly; the Drafts page's data counts and lists the captions; another team sees none.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { draftForUi, listTeamDrafts } from "@/lib/drafts/browser";
import { addCaptions } from "@/lib/drafts/captions";
import { draftUrlFor } from "@/lib/drafts/draft-url";
import { parseTimeline } from "@/lib/drafts/timeline";
import { applyToDraft } from "@/lib/studio/apply";
import { draftCaptions, projectForEditor } from "@/lib/studio/captions";
import { projectFromDraft } from "@/lib/studio/from-draft";
import { addClip, addTrack, emptyTimeline, setClipProps } from "@/lib/studio/model";
import { createProject, saveTimeline } from "@/lib/studio/service";
import type { MediaRef } from "@/lib/studio/types";
import { signUp } from "@/lib/users/service";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-studio-captions-"));
const data = path.join(dir, "data");
type Actor = { userId: string; teamId: string };
let alice: Actor;
let bob: Actor;
let tone: MediaRef;
let draftId: string;

const CUES = [
  { start: 500_000, end: 2_000_000, text: "Hello from Mixdesk" },
  { start: 2_500_000, end: 4_000_000, text: "第二行字幕" },
];

async function member(name: string): Promise<Actor> {
  const user = await signUp({
    email: `${name}-${randomUUID().slice(0, 6)}@example.com`,
    name,
    password: "a long password 1",
  });
  return { userId: user.id, teamId: (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId };
}

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", data);
  alice = await member("Alice");
  bob = await member("Bob");
  const id = randomUUID();
  const abs = path.join(data, "uploads", id);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=3", `${abs}.wav`]);
  fs.renameSync(`${abs}.wav`, abs);
  await db.upload.create({
    data: { id, ...alice, filename: "tone.wav", path: `uploads/${id}`, bytes: fs.statSync(abs).size },
  });
  tone = `upload:${id}`;

  // A draft with one audio clip (applied from a project) and then a caption track.
  let t = addTrack(emptyTimeline(), "Music");
  t = addClip(t, {
    media: tone,
    info: { name: "tone.wav", durationUs: 3_000_000 },
    trackId: t.tracks[0].id,
    start: 0,
  }).timeline;
  const first = await createProject(alice, { name: "First", timeline: t });
  draftId = (await applyToDraft(alice, first.id, { newDraft: { width: 1920, height: 1080 } }, "append")).draftId;
  await addCaptions(alice, draftUrlFor(draftId), CUES, undefined);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("caption tracks and Studio", () => {
  it("a project loaded from the draft carries its caption track read-only, outside the timeline", async () => {
    const project = await projectFromDraft(alice, draftId);
    expect(project.timeline.clips).toHaveLength(1);
    expect(JSON.stringify(project.timeline)).not.toContain("Hello from Mixdesk");
    const opened = await projectForEditor(alice.teamId, project.id);
    expect(opened.captions).toHaveLength(1);
    expect(opened.captions[0].cues.map((c) => [c.start, c.duration, c.text])).toEqual([
      [500_000, 1_500_000, "Hello from Mixdesk"],
      [2_500_000, 1_500_000, "第二行字幕"],
    ]);
    // A project with no draft has no captions; another team's draft shows none.
    const blank = await createProject(alice, { name: "Blank" });
    expect((await projectForEditor(alice.teamId, blank.id)).captions).toEqual([]);
    expect(await draftCaptions(bob.teamId, draftId)).toEqual([]);
  });

  it("applying back in replace mode rewrites the audio and keeps the caption track unchanged", async () => {
    const before = parseTimeline((await db.draft.findUniqueOrThrow({ where: { id: draftId } })).timeline);
    expect(before.texts).toHaveLength(1);
    const project = await projectFromDraft(alice, draftId);
    // An edit: the clip gets quieter and a fade, so the audio track really is rewritten.
    const clip = project.timeline.clips[0];
    const edited = setClipProps(project.timeline, clip.id, { volume: 0.5, fadeIn: 200_000 });
    await saveTimeline(alice, project.id, { timeline: edited, baseVersion: project.version });
    await applyToDraft(alice, project.id, { draftId }, "replace");

    const after = parseTimeline((await db.draft.findUniqueOrThrow({ where: { id: draftId } })).timeline);
    expect(after.tracks).toHaveLength(1);
    expect(after.tracks[0].segments.map((s) => [s.volume, s.fadeIn])).toEqual([[0.5, 200_000]]);
    expect(after.texts).toEqual(before.texts);
    // And the editor still shows them after the apply.
    expect((await projectForEditor(alice.teamId, project.id)).captions[0].cues).toHaveLength(2);
  });

  it("the Drafts page data counts the captions and lists each caption track", async () => {
    const ui = await draftForUi(alice.teamId, draftId);
    expect(ui).toMatchObject({ trackCount: 1, clipCount: 1, captionTrackCount: 1, captionCount: 2 });
    expect(ui.captionTracks).toHaveLength(1);
    expect(ui.captionTracks[0].captions.map((c) => [c.text, c.startUs, c.endUs])).toEqual([
      ["Hello from Mixdesk", 500_000, 2_000_000],
      ["第二行字幕", 2_500_000, 4_000_000],
    ]);
    // The duration covers the captions too (they end after the 3 s of audio).
    expect(ui.durationUs).toBe(4_000_000);
    const listed = (await listTeamDrafts(alice.teamId)).find((d) => d.id === draftId);
    expect(listed).toMatchObject({ captionTrackCount: 1, captionCount: 2 });
  });
});
