// Studio ⇄ drafts over real HTTP: "Apply to draft" writes what the timeline says (read back with
// GET /v1/get_draft and the draft's own files), "Edit in Studio" loads it back, applying again
// changes nothing; media of another team is refused before anything is written; add_audios takes
// the `source_start` extension the round trip relies on.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { MediaRef, StudioTimeline } from "@/lib/studio/types";
import { testDatabaseUrl } from "@/test/helpers/db";
import { draftProblems } from "@/test/helpers/draft-check";
import type { Content, GetDraft, Segment } from "@/test/helpers/drafts";
import { makeTone, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { startServer, type TestServer } from "@/test/helpers/server";
import { storedFiles } from "@/test/helpers/stored";
import { call, clip, newProject, sound, timelineOf, track, uploadMedia, type Project } from "@/test/helpers/studio";
import { Client } from "@/test/http/client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-studio-apply-"));
const media = path.join(dir, "media");
const pw = "a long password 1";
let server: TestServer;
let fixtures: FixtureServer;
let alice: Client;
let eve: Client;
let key: string;
const refs: Record<"voice" | "bed" | "sting", MediaRef> = {} as never;
let foreign: MediaRef;

type Applied = { draftId: string; draftUrl: string; trackIds: string[]; audioIds: string[]; warnings: string[] };

async function draftApi<T>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(server.baseUrl + p, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** The draft as JianYing would read it: get_draft's file list, then draft_content.json itself. */
async function draftFiles(draftId: string) {
  const g = await draftApi<GetDraft>("GET", `/v1/get_draft?draft_id=${draftId}`);
  expect(g.status).toBe(200);
  const json = await (await fetch(g.body.files[g.body.paths.indexOf("draft_content.json")])).text();
  return { get: g.body, json, content: JSON.parse(json) as Omit<Content, "json"> };
}

/** Each segment as heard: times in µs, volume and its fades (looked up through extra_material_refs). */
function heard(content: Omit<Content, "json">) {
  const fades = new Map(content.materials.audio_fades.map((f) => [f.id, f]));
  return content.tracks.map((t) =>
    t.segments.map((s: Segment) => {
      const fade = s.extra_material_refs.map((r) => fades.get(r)).find(Boolean);
      return {
        target: s.target_timerange,
        source: s.source_timerange,
        volume: s.volume,
        fadeIn: fade?.fade_in_duration ?? 0,
        fadeOut: fade?.fade_out_duration ?? 0,
      };
    }),
  );
}

/** The draft's stored media files, on disk or in the bucket (TEST_STORAGE=s3). */
const audioFilesOf = async (draftId: string) =>
  (await storedFiles(server, path.join(dir, "data"), `drafts/${draftId}/assets/audio`)).filter(
    (f) => !f.startsWith("."),
  );

beforeAll(async () => {
  fs.mkdirSync(media, { recursive: true });
  fixtures = await serveFixtures(media);
  server = await startServer({
    databaseUrl: testDatabaseUrl(),
    env: { DATA_DIR: path.join(dir, "data"), FETCH_ALLOW_HOSTS: "127.0.0.1" },
  });
  alice = new Client(server.baseUrl);
  await alice.signUp({ email: `alice-${randomUUID().slice(0, 8)}@example.com`, name: "Alice", password: pw });
  key = ((await (await alice.fetch("/api/keys", { method: "POST", json: { name: "k" } })).json()) as { key: string })
    .key;
  eve = new Client(server.baseUrl);
  await eve.signUp({ email: `eve-${randomUUID().slice(0, 8)}@example.com`, name: "Eve", password: pw });
  refs.voice = await uploadMedia(alice, makeTone(path.join(media, "voice.mp3"), 6, 300), "voice.mp3");
  refs.bed = await uploadMedia(alice, makeTone(path.join(media, "bed.wav"), 10, 200), "bed.wav");
  refs.sting = await uploadMedia(alice, makeTone(path.join(media, "sting.mp3"), 3, 900), "sting.mp3");
  foreign = await uploadMedia(eve, makeTone(path.join(media, "secret.mp3"), 4, 500), "secret.mp3");
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await fixtures?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const MEDIA = () => ({
  [refs.voice]: { name: "voice.mp3", durationUs: 6_000_000 },
  [refs.bed]: { name: "bed.wav", durationUs: 10_000_000 },
  [refs.sting]: { name: "sting.mp3", durationUs: 3_000_000 },
});

/**
 * The issue's timeline: three clips on two tracks. The bed overlaps the voice (other track), is
 * left-trimmed (in-point 2.5 s) and faded both ways; the sting is right-trimmed; volumes differ.
 */
const issueTimeline = (): StudioTimeline =>
  timelineOf(
    [track("voice", "Voice"), track("music", "Music")],
    [
      clip("c-voice", "voice", refs.voice, 0, 4_000_000, { volume: 1, fadeIn: 500_000 }),
      clip("c-sting", "voice", refs.sting, 4_500_000, 2_000_000, { volume: 0.8, fadeOut: 300_000 }),
      clip("c-bed", "music", refs.bed, 1_000_000, 6_000_000, {
        sourceStart: 2_500_000,
        volume: 0.6,
        fadeIn: 1_000_000,
        fadeOut: 2_000_000,
      }),
    ],
    MEDIA(),
  );

/** What the draft must hold for issueTimeline(): per track, per segment in time order. */
const EXPECTED = [
  [
    {
      target: { start: 0, duration: 4_000_000 },
      source: { start: 0, duration: 4_000_000 },
      volume: 1,
      fadeIn: 500_000,
      fadeOut: 0,
    },
    {
      target: { start: 4_500_000, duration: 2_000_000 },
      source: { start: 0, duration: 2_000_000 },
      volume: 0.8,
      fadeIn: 0,
      fadeOut: 300_000,
    },
  ],
  [
    {
      target: { start: 1_000_000, duration: 6_000_000 },
      source: { start: 2_500_000, duration: 6_000_000 },
      volume: 0.6,
      fadeIn: 1_000_000,
      fadeOut: 2_000_000,
    },
  ],
];

const savedProject = (name: string, timeline: StudioTimeline): Promise<Project> => newProject(alice, name, timeline);

describe("round trip: Studio → draft → Studio → draft", () => {
  it("the draft holds every clip's times, in-point, volume and fades; loading it back and applying again changes nothing", async () => {
    const p = await savedProject("Round trip", issueTimeline());
    const applied = await call<Applied>(alice, "POST", `/api/studio/projects/${p.id}/apply`, {
      newDraft: { width: 1080, height: 1920 },
      mode: "replace",
    });
    expect(applied.status).toBe(200);
    expect(applied.body.trackIds).toHaveLength(2);
    expect(applied.body.audioIds).toHaveLength(3);
    expect(applied.body.warnings).toEqual([]);
    const { draftId } = applied.body;

    // GET /v1/get_draft and the draft's files, as JianYing would read them.
    const first = await draftFiles(draftId);
    expect(draftProblems(first.json, { width: 1080, height: 1920 })).toEqual([]);
    expect(first.content.tracks.every((t) => t.type === "audio")).toBe(true);
    expect(heard(first.content)).toEqual(EXPECTED);
    expect(first.content.duration).toBe(7_000_000);
    // The three library files are in the draft folder, byte for byte (copied from the library, not re-encoded).
    expect(first.content.materials.audios).toHaveLength(3);
    const audioPaths = first.get.paths.filter((x) => x.startsWith("assets/audio/"));
    expect(audioPaths).toHaveLength(3);
    const bytes = await Promise.all(
      audioPaths.map(async (x) =>
        Buffer.from(await (await fetch(first.get.files[first.get.paths.indexOf(x)])).arrayBuffer()),
      ),
    );
    const originals = ["voice.mp3", "bed.wav", "sting.mp3"].map((n) => fs.readFileSync(path.join(media, n)));
    for (const o of originals) expect(bytes.some((b) => b.equals(o))).toBe(true);
    // The Drafts page shows the same clips, and the project remembers the draft.
    const page = await call<{ tracks: { clips: unknown[] }[] }>(alice, "GET", `/api/drafts/${draftId}`);
    expect(page.body.tracks.map((t) => t.clips.length)).toEqual([2, 1]);
    expect((await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body.draftId).toBe(draftId);

    // "Edit in Studio": the draft comes back as a timeline of the draft's own materials.
    const loaded = await call<Project>(alice, "POST", "/api/studio/from-draft", { draftId });
    expect(loaded.status).toBe(201);
    const back = loaded.body.timeline;
    expect(loaded.body.draftId).toBe(draftId);
    expect(back.tracks).toHaveLength(2);
    expect(back.clips.every((c) => c.media.startsWith("material:"))).toBe(true);
    const byTrack = back.tracks.map((t) =>
      back.clips
        .filter((c) => c.trackId === t.id)
        .sort((a, b) => a.start - b.start)
        .map(sound),
    );
    const sent = issueTimeline();
    expect(byTrack).toEqual(
      sent.tracks.map((t) =>
        sent.clips
          .filter((c) => c.trackId === t.id)
          .sort((a, b) => a.start - b.start)
          .map(sound),
      ),
    );
    expect(
      Object.values(back.media)
        .map((m) => m.name)
        .sort(),
    ).toEqual(["bed.wav", "sting.mp3", "voice.mp3"]);

    // Apply the loaded project onto the same draft: the draft is exactly as it was.
    const again = await call<Applied>(alice, "POST", `/api/studio/projects/${loaded.body.id}/apply`, {
      draftId,
      mode: "replace",
    });
    expect(again.status).toBe(200);
    expect(again.body.audioIds.sort()).toEqual([...applied.body.audioIds].sort());
    const second = await draftFiles(draftId);
    expect(second.json).toBe(first.json);
    expect(second.get.paths).toEqual(first.get.paths);
    expect(await audioFilesOf(draftId)).toHaveLength(3);

    // And once more through Studio: load, apply — still nothing changes.
    const third = await call<Project>(alice, "POST", "/api/studio/from-draft", { draftId });
    expect(third.body.timeline.clips.map(sound).sort((a, b) => a.start - b.start)).toEqual(
      back.clips.map(sound).sort((a, b) => a.start - b.start),
    );
  });

  it("append adds tracks and reuses the draft's copy of each library file; mute and solo decide what is written", async () => {
    const p = await savedProject("Append", issueTimeline());
    const made = await call<Applied>(alice, "POST", `/api/studio/projects/${p.id}/apply`, {
      newDraft: { width: 1920, height: 1080 },
    });
    const { draftId } = made.body;
    const appended = await call<Applied>(alice, "POST", `/api/studio/projects/${p.id}/apply`, {
      draftId,
      mode: "append",
    });
    expect(appended.status).toBe(200);
    const both = await draftFiles(draftId);
    expect(heard(both.content)).toEqual([...EXPECTED, ...EXPECTED]);
    expect(both.content.materials.audios).toHaveLength(3);
    expect(await audioFilesOf(draftId)).toHaveLength(3);
    expect(draftProblems(both.json, { width: 1920, height: 1080 })).toEqual([]);

    // Solo the music track: replace leaves only it.
    const t = issueTimeline();
    t.tracks[1].solo = true;
    const current = (await call<Project>(alice, "GET", `/api/studio/projects/${p.id}`)).body;
    await call(alice, "PUT", `/api/studio/projects/${p.id}/timeline`, { timeline: t, baseVersion: current.version });
    await call(alice, "POST", `/api/studio/projects/${p.id}/apply`, { draftId, mode: "replace" });
    expect(heard((await draftFiles(draftId)).content)).toEqual([EXPECTED[1]]);

    // Mute it instead (no solo): only the voice track is written.
    t.tracks[1].solo = false;
    t.tracks[1].muted = true;
    await call(alice, "PUT", `/api/studio/projects/${p.id}/timeline`, {
      timeline: t,
      baseVersion: current.version + 1,
    });
    await call(alice, "POST", `/api/studio/projects/${p.id}/apply`, { draftId, mode: "replace" });
    expect(heard((await draftFiles(draftId)).content)).toEqual([EXPECTED[0]]);
  });

  it("the audio_infos panel gives exactly what add_audios takes, and add_audios builds the same draft from it", async () => {
    const p = await savedProject("Panel", issueTimeline());
    const r = await call<{ audio_infos: Record<string, unknown>[]; audio_infos_json: string; expires_at: string }>(
      alice,
      "GET",
      `/api/studio/projects/${p.id}/audio-infos`,
    );
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body.audio_infos_json)).toEqual(r.body.audio_infos);
    const bed = r.body.audio_infos.find((i) => i.start === 1_000_000)!;
    expect(bed).toMatchObject({
      end: 7_000_000,
      duration: 10_000_000,
      volume: 0.6,
      fade_in: 1_000_000,
      fade_out: 2_000_000,
      source_start: 2_500_000,
    });
    expect(String(bed.audio_url)).toMatch(new RegExp(`^${server.baseUrl}/api/files/.+\\?exp=\\d+&sig=`));
    // The signed URL plays the library file.
    const played = Buffer.from(await (await fetch(String(bed.audio_url))).arrayBuffer());
    expect(played.equals(fs.readFileSync(path.join(media, "bed.wav")))).toBe(true);
  });
});

describe("drafts written before source in-points existed", () => {
  it("read their segments as starting at 0 in the source, in the draft files and in Studio", async () => {
    const created = await draftApi<{ draft_url: string }>("POST", "/v1/create_draft", {});
    const draftId = new URL(created.body.draft_url).searchParams.get("draft_id")!;
    const added = await draftApi("POST", "/v1/add_audios", {
      draft_url: created.body.draft_url,
      audio_infos: JSON.stringify([
        {
          audio_url: `${fixtures.baseUrl}/voice.mp3`,
          start: 500_000,
          end: 2_500_000,
          duration: 6_000_000,
          volume: 0.7,
        },
      ]),
    });
    expect(added.status).toBe(200);
    // Strip the field, as rows stored by the previous version look.
    const row = await db.draft.findUniqueOrThrow({ where: { id: draftId } });
    const old = JSON.parse(row.timeline) as { tracks: { segments: Record<string, unknown>[] }[] };
    for (const seg of old.tracks.flatMap((t) => t.segments)) delete seg.sourceStart;
    await db.draft.update({ where: { id: draftId }, data: { timeline: JSON.stringify(old) } });

    const { content } = await draftFiles(draftId);
    expect(heard(content)).toEqual([
      [
        {
          target: { start: 500_000, duration: 2_000_000 },
          source: { start: 0, duration: 2_000_000 },
          volume: 0.7,
          fadeIn: 0,
          fadeOut: 0,
        },
      ],
    ]);
    const loaded = await call<Project>(alice, "POST", "/api/studio/from-draft", { draftId });
    expect(loaded.body.timeline.clips.map(sound)).toEqual([
      { start: 500_000, sourceStart: 0, duration: 2_000_000, volume: 0.7, fadeIn: 0, fadeOut: 0 },
    ]);
  });
});

describe("another team's media is refused on apply", () => {
  it("a project naming another team's upload (a stale or tampered row) is 404 and writes nothing", async () => {
    const p = await savedProject("Tampered", issueTimeline());
    const made = await call<Applied>(alice, "POST", `/api/studio/projects/${p.id}/apply`, {
      newDraft: { width: 1920, height: 1080 },
    });
    const before = await draftFiles(made.body.draftId);
    // The save path refuses such refs, so put one in the stored row directly.
    const t = issueTimeline();
    t.clips[2].media = foreign;
    t.media = { ...t.media, [foreign]: { name: "secret.mp3", durationUs: 4_000_000 } };
    await db.studioProject.update({ where: { id: p.id }, data: { timeline: JSON.stringify(t) } });
    const draftsBefore = await db.draft.count();

    for (const target of [{ draftId: made.body.draftId }, { newDraft: { width: 1920, height: 1080 } }]) {
      for (const mode of ["replace", "append"]) {
        const r = await call<{ detail: string }>(alice, "POST", `/api/studio/projects/${p.id}/apply`, {
          ...target,
          mode,
        });
        expect(r).toMatchObject({ status: 404, body: { detail: "Media not found" } });
      }
    }
    const after = await draftFiles(made.body.draftId);
    expect(after.json).toBe(before.json);
    expect(await audioFilesOf(made.body.draftId)).toHaveLength(3);
    expect(await db.draft.count()).toBe(draftsBefore);
    expect((await call(alice, "GET", `/api/studio/projects/${p.id}/audio-infos`)).status).toBe(404);
  });

  it("another team's draft can be neither a target nor a source", async () => {
    const p = await savedProject("Mine", issueTimeline());
    const made = await call<Applied>(alice, "POST", `/api/studio/projects/${p.id}/apply`, {
      newDraft: { width: 1920, height: 1080 },
    });
    const evesProject = await newProject(eve, "Eve's");
    const into = await call(eve, "POST", `/api/studio/projects/${evesProject.id}/apply`, {
      draftId: made.body.draftId,
      mode: "replace",
    });
    expect(into.status).toBe(404);
    expect((await call(eve, "POST", "/api/studio/from-draft", { draftId: made.body.draftId })).status).toBe(404);
    // Nor can Eve place Alice's draft material by its ref.
    const loaded = (await call<Project>(alice, "POST", "/api/studio/from-draft", { draftId: made.body.draftId })).body;
    const material = loaded.timeline.clips[0].media;
    const stolen = timelineOf([track("t", "T")], [clip("c", "t", material, 0, 1_000_000)], {
      [material]: { name: "x", durationUs: 4_000_000 },
    });
    const save = await call(eve, "PUT", `/api/studio/projects/${evesProject.id}/timeline`, {
      timeline: stolen,
      baseVersion: 0,
    });
    expect(save.status).toBe(404);
    expect(heard((await draftFiles(made.body.draftId)).content)).toEqual(EXPECTED);
  });
});

describe("add_audios: the source_start extension", () => {
  type Added = { audio_ids: string[]; warnings?: string[]; detail?: string };
  let draftUrl: string;
  const bed = () => `${fixtures.baseUrl}/bed.wav`;
  const add = (infos: unknown[]) =>
    draftApi<Added>("POST", "/v1/add_audios", { draft_url: draftUrl, audio_infos: JSON.stringify(infos) });

  beforeAll(async () => {
    const created = await draftApi<{ draft_url: string }>("POST", "/v1/create_draft", {});
    draftUrl = created.body.draft_url;
  });
  const draftId = () => new URL(draftUrl).searchParams.get("draft_id")!;

  it("plays the source from source_start (µs) and writes it as source_timerange.start", async () => {
    const r = await add([
      { audio_url: bed(), start: 0, end: 3_000_000, duration: 10_000_000, source_start: 2_000_000, volume: 0.5 },
      { audio_url: bed(), start: 3_000_000, end: 4_000_000, duration: 10_000_000 },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.warnings).toBeUndefined();
    const { content, json } = await draftFiles(draftId());
    expect(draftProblems(json, { width: 1920, height: 1080 })).toEqual([]);
    expect(heard(content)).toEqual([
      [
        {
          target: { start: 0, duration: 3_000_000 },
          source: { start: 2_000_000, duration: 3_000_000 },
          volume: 0.5,
          fadeIn: 0,
          fadeOut: 0,
        },
        {
          target: { start: 3_000_000, duration: 1_000_000 },
          source: { start: 0, duration: 1_000_000 },
          volume: 1,
          fadeIn: 0,
          fadeOut: 0,
        },
      ],
    ]);
  });

  it("a clip running past the measured end is cut, with a warning", async () => {
    // Declared 11 s (the client's idea); the file measures 10 s: 8 s + 3 s is cut to 2 s.
    const r = await add([
      { audio_url: bed(), start: 0, end: 3_000_000, duration: 11_000_000, source_start: 8_000_000 },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([expect.stringContaining("cut to the audio's measured length, 2000000 µs")]);
  });

  it.each([
    ["negative", { source_start: -1 }],
    ["not a number", { source_start: "2000000" }],
    ["past the declared length", { source_start: 8_000_001 }],
  ])("refuses source_start %s: 400 {detail: 音频配置验证失败}", async (_, extra) => {
    const before = (await draftFiles(draftId())).json;
    const r = await add([{ audio_url: bed(), start: 0, end: 2_000_000, duration: 10_000_000, ...extra }]);
    expect(r).toEqual({ status: 400, body: { detail: "音频配置验证失败" } });
    expect((await draftFiles(draftId())).json).toBe(before);
  });

  it("refuses an in-point at or past the measured end once fetched, and changes nothing", async () => {
    const before = (await draftFiles(draftId())).json;
    const files = (await audioFilesOf(draftId())).length;
    const r = await add([
      {
        audio_url: `${fixtures.baseUrl}/sting.mp3`,
        start: 0,
        end: 1_000_000,
        duration: 60_000_000,
        source_start: 20_000_000,
      },
    ]);
    expect(r).toEqual({ status: 400, body: { detail: "音频配置验证失败" } });
    expect((await draftFiles(draftId())).json).toBe(before);
    expect(await audioFilesOf(draftId())).toHaveLength(files);
  });
});
