// Captions over real HTTP: add_captions' error table, warnings and clamping, the written text
// track checked structurally in draft_content.json, caption tracks surviving audio writes; and the
// order page's transcript routes: versions (409 on a stale base), downloads following the latest
// version, and "Send to a draft" aligned to a clip. The extract-text order is made the way the
// engine finishes one (test/helpers/text-order.ts).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { testDatabaseUrl } from "@/test/helpers/db";
import { draftProblems } from "@/test/helpers/draft-check";
import { startDraftHarness, type Content, type DraftHarness, type GetDraft } from "@/test/helpers/drafts";
import { seedTextOrder } from "@/test/helpers/text-order";
import { storedText } from "@/test/helpers/stored";
import { Client } from "@/test/http/client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-captions-"));
let h: DraftHarness;

type Added = {
  draft_url: string;
  track_id: string;
  text_ids: string[];
  segment_ids: string[];
  segment_infos: { id: string; start: number; end: number }[];
  warnings?: string[];
  detail?: string;
};
type TextMaterial = { id: string; content: string; background_color?: string; background_alpha?: number };
type TextSeg = { id: string; material_id: string; target_timerange: { start: number; duration: number } };
type Texty = Omit<Content, "tracks" | "materials"> & {
  tracks: { id: string; type: string; segments: (TextSeg & { clip?: { transform: { y: number } } })[] }[];
  materials: Content["materials"] & { texts: TextMaterial[] };
};

const addCaptions = (body: unknown, key?: string | null) => h.call<Added>("POST", "/v1/add_captions", body, key);
const textTracks = (c: Texty) => c.tracks.filter((t) => t.type === "text");
const textOf = (c: Texty, materialId: string) =>
  JSON.parse(c.materials.texts.find((m) => m.id === materialId)!.content).text as string;

beforeAll(async () => {
  h = await startDraftHarness(dir, { databaseUrl: testDatabaseUrl() });
}, 180_000);

afterAll(async () => {
  await h?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("add_captions: the error table", () => {
  it("answers each refusal with its {detail} and changes nothing", async () => {
    const d = await h.createDraft();
    const before = (await h.content(d.draft_url)).json;
    const ok = [{ start: 0, end: 1_000_000, text: "hi" }];
    const cases: [unknown, number, string][] = [
      [{ captions: JSON.stringify(ok) }, 400, "draft_url是必填项"],
      [{ draft_url: d.draft_url }, 400, "captions是必填项"],
      [{ draft_url: d.draft_url, captions: "" }, 400, "captions是必填项"],
      [{ draft_url: d.draft_url, captions: "[oops" }, 400, "captions格式错误"],
      [{ draft_url: d.draft_url, captions: "[]" }, 400, "captions格式错误"],
      [{ draft_url: d.draft_url, captions: '{"start":0}' }, 400, "captions格式错误"],
      [{ draft_url: d.draft_url, captions: "[5]" }, 400, "字幕配置验证失败"],
      [{ draft_url: d.draft_url, captions: [{ start: "0", end: 1, text: "x" }] }, 400, "字幕配置验证失败"],
      [{ draft_url: d.draft_url, captions: [{ start: -1, end: 1, text: "x" }] }, 400, "字幕配置验证失败"],
      [{ draft_url: d.draft_url, captions: [{ start: 0, end: 1 }] }, 400, "text是必填项"],
      [{ draft_url: d.draft_url, captions: [{ start: 0, end: 1, text: "   " }] }, 400, "text是必填项"],
      [{ draft_url: d.draft_url, captions: [{ start: 5, end: 5, text: "x" }] }, 400, "时间范围无效"],
      [
        {
          draft_url: d.draft_url,
          captions: [
            { start: 0, end: 9, text: "a" },
            { start: 0, end: 5, text: "b" },
          ],
        },
        400,
        "时间范围无效",
      ],
      [{ draft_url: d.draft_url, captions: ok, style: { text_color: "white" } }, 400, "字幕样式无效"],
      [{ draft_url: d.draft_url, captions: ok, style: { position: "left" } }, 400, "字幕样式无效"],
      [{ draft_url: d.draft_url, captions: ok, style: { font_size: "big" } }, 400, "字幕样式无效"],
      [{ draft_url: d.draft_url, captions: ok, style: "{not json" }, 400, "字幕样式无效"],
      [{ draft_url: d.draft_url, captions: ok, style: 5 }, 400, "字幕样式无效"],
      [{ draft_url: `${h.server.baseUrl}/v1/get_draft?draft_id=${"0".repeat(32)}`, captions: ok }, 404, "草稿不存在"],
    ];
    for (const [body, status, detail] of cases) {
      expect({ body, answer: await addCaptions(body) }).toEqual({ body, answer: { status, body: { detail } } });
    }
    // Another team's draft is "not found" too, and a key is needed.
    expect(await addCaptions({ draft_url: d.draft_url, captions: ok }, h.otherKey)).toEqual({
      status: 404,
      body: { detail: "草稿不存在" },
    });
    expect(await addCaptions({ draft_url: d.draft_url, captions: ok }, null)).toEqual({
      status: 401,
      body: { detail: "API Key is required" },
    });
    expect((await h.content(d.draft_url)).json).toBe(before);
  });
});

describe("add_captions: writing the text track", () => {
  it("sorts, cuts overlaps, shortens long texts and clamps style values, saying so; the track is sound", async () => {
    const d = await h.createDraft();
    const long = "长".repeat(600);
    const r = await addCaptions({
      draft_url: d.draft_url,
      captions: JSON.stringify([
        { start: 3_000_000, end: 4_000_000.9, text: "third" },
        { start: 0.4, end: 1_500_000, text: "第一句字幕" },
        { start: 1_200_000, end: 2_500_000, text: ` ${long} ` },
      ]),
      style: {
        font_size: 400,
        text_color: "#ffcc00",
        position: "top",
        background_color: "#000000",
        background_alpha: -1,
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([
      "captions[2]: text shortened to 500 characters",
      "captions[1]: ends where captions[2] begins, at 1200000 µs instead of 1500000 µs",
      "style.font_size: 400 is outside 1…100, 100 used",
      "style.background_alpha: -1 is outside 0…1, 0 used",
    ]);
    // Answers follow the request's order; times are integers after truncation and the cut.
    expect(r.body.segment_infos.map(({ start, end }) => [start, end])).toEqual([
      [3_000_000, 4_000_000],
      [0, 1_200_000],
      [1_200_000, 2_500_000],
    ]);
    expect(r.body.segment_ids).toEqual(r.body.segment_infos.map((s) => s.id));
    expect(r.body.text_ids).toHaveLength(3);

    const c = (await h.content(d.draft_url)) as unknown as Texty;
    expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
    expect(c.duration).toBe(4_000_000);
    const [track] = textTracks(c);
    expect(track.id).toBe(r.body.track_id);
    expect(track.segments.map((s) => s.id)).toEqual([
      r.body.segment_ids[1],
      r.body.segment_ids[2],
      r.body.segment_ids[0],
    ]);
    expect(track.segments.every((s) => s.clip?.transform.y === 0.8)).toBe(true);
    expect(r.body.text_ids.map((id) => textOf(c, id))).toEqual(["third", "第一句字幕", "长".repeat(500)]);
    const first = c.materials.texts.find((m) => m.id === r.body.text_ids[1])!;
    expect(JSON.parse(first.content).styles[0]).toMatchObject({ size: 100, range: [0, 5] });
    expect(first).toMatchObject({ background_color: "#000000", background_alpha: 0 });
  });

  it("keeps caption tracks through audio writes and concurrent calls", async () => {
    const d = await h.createDraft();
    const calls = Array.from({ length: 5 }, (_, i) =>
      addCaptions({
        draft_url: d.draft_url,
        captions: [{ start: i * 1_000_000, end: (i + 1) * 1_000_000, text: `n${i}` }],
      }),
    );
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const audio = await h.call("POST", "/v1/add_audios", {
      draft_url: d.draft_url,
      audio_infos: JSON.stringify([{ audio_url: h.media("intro.mp3"), start: 0, end: 2_000_000, duration: 5_000_000 }]),
    });
    expect(audio.status).toBe(200);
    const c = (await h.content(d.draft_url)) as unknown as Texty;
    expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
    expect(textTracks(c)).toHaveLength(5);
    expect(c.tracks.filter((t) => t.type === "audio")).toHaveLength(1);
    expect(c.duration).toBe(5_000_000);
  });
});

describe("transcript versions and Send to a draft", () => {
  let me: Client;
  let key: string;
  let orderNo: string;
  const segments = [
    { start: 0.5, end: 2, text: "Hello from Mixdesk" },
    { start: 2.5, end: 4, text: "teh second line" },
    { start: 4.5, end: 5.8, text: "第三行" },
  ];

  const get = async <T>(p: string) => {
    const res = await me.fetch(p);
    return { status: res.status, body: (await res.json()) as T };
  };
  const post = async <T>(p: string, json: unknown, who = me) => {
    const res = await who.fetch(p, { method: "POST", json });
    return { status: res.status, body: (await res.json()) as T };
  };
  const contentWith = async (draftUrl: string) => {
    const id = /draft_id=([0-9a-f]{32})/.exec(draftUrl)?.[1];
    const g = await h.call<GetDraft>("GET", `/v1/get_draft?draft_id=${id}`, undefined, key);
    const json = await (await fetch(g.body.files[g.body.paths.indexOf("draft_content.json")])).text();
    return { json, ...(JSON.parse(json) as Omit<Texty, "json">) } as Texty;
  };

  beforeAll(async () => {
    me = new Client(h.server.baseUrl);
    const user = await me.signUp({
      email: `editor-${randomUUID().slice(0, 8)}@example.com`,
      name: "Eddie Editor",
      password: "a long password 1",
    });
    key = ((await (await me.fetch("/api/keys", { method: "POST", json: { name: "k" } })).json()) as { key: string })
      .key;
    const team = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
    ({ orderNo } = await seedTextOrder(db, {
      userId: user.id,
      teamId: team.teamId,
      dataDir: path.join(dir, "data"),
      s3: h.server.s3,
      pathKey: "https://example.com/clip.mp4",
      durationSec: 6,
      segments,
    }));
  });

  type View = {
    version: number;
    segments: typeof segments;
    versions: { version: number; by: string | null }[];
    media: unknown;
  };

  it("saves corrections as new versions; the downloads follow the latest; a stale base is a 409", async () => {
    const v1 = await get<View>(`/api/orders/${orderNo}/transcript`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, segments, media: null });

    const fixed = segments.map((s, i) => (i === 1 ? { ...s, text: "the second line" } : s));
    const v2 = await post<View>(`/api/orders/${orderNo}/transcript`, { baseVersion: 1, segments: fixed });
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    expect(v2.body.segments[1].text).toBe("the second line");
    expect(v2.body.versions.map((v) => [v.version, v.by])).toEqual([
      [2, "Eddie Editor"],
      [1, null],
    ]);

    const srt = await me.fetch(`/api/orders/${orderNo}/transcript/download?format=srt`);
    expect(srt.headers.get("content-disposition")).toBe(`attachment; filename="${orderNo}-subtitles-v2.srt"`);
    expect(await srt.text()).toBe(
      "1\n00:00:00,500 --> 00:00:02,000\nHello from Mixdesk\n\n2\n00:00:02,500 --> 00:00:04,000\nthe second line\n\n3\n00:00:04,500 --> 00:00:05,800\n第三行\n",
    );
    const vtt = await (await me.fetch(`/api/orders/${orderNo}/transcript/download?format=vtt`)).text();
    expect(vtt.startsWith("WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello from Mixdesk\n")).toBe(true);
    expect(await (await me.fetch(`/api/orders/${orderNo}/transcript/download?format=txt`)).text()).toBe(
      "Hello from Mixdesk\nthe second line\n第三行\n",
    );

    // The Open API query's inline text (a Mixdesk extension) follows the correction too.
    const query = await fetch(`${h.server.baseUrl}/api/open/v1/order/query?orderNo=${orderNo}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const queried = (await query.json()) as { data: { text?: string } };
    expect(queried.data.text).toBe("Hello from Mixdesk\nthe second line\n第三行\n");

    // Someone still editing version 1 cannot overwrite version 2.
    const stale = await post<{ detail: string }>(`/api/orders/${orderNo}/transcript`, { baseVersion: 1, segments });
    expect(stale.status).toBe(409);
    expect((await get<View>(`/api/orders/${orderNo}/transcript`)).body.segments[1].text).toBe("the second line");
    // The engine's files stay as they were.
    const original = await storedText(h.server, path.join(dir, "data"), `results/${orderNo}/transcript.json`);
    expect(JSON.parse(original!).segments[1].text).toBe("teh second line");

    // Another team sees nothing.
    const other = new Client(h.server.baseUrl);
    await other.signUp({
      email: `o-${randomUUID().slice(0, 8)}@example.com`,
      name: "O",
      password: "a long password 1",
    });
    expect((await other.fetch(`/api/orders/${orderNo}/transcript`)).status).toBe(404);
    expect((await other.fetch(`/api/orders/${orderNo}/transcript/download?format=srt`)).status).toBe(404);
  });

  it("sends the latest version to a draft aligned to a clip: source time t lands at clip start + t − in-point", async () => {
    const created = await h.call<{ draft_url: string }>("POST", "/v1/create_draft", {}, key);
    const draftUrl = created.body.draft_url;
    const draftId = new URL(draftUrl).searchParams.get("draft_id")!;
    // The clip plays the source from 1 s to 5 s, placed at 10 s on the timeline.
    const audio = await h.call<{ audio_ids: string[] }>(
      "POST",
      "/v1/add_audios",
      {
        draft_url: draftUrl,
        audio_infos: [
          {
            audio_url: h.media("main.mp3"),
            start: 10_000_000,
            end: 14_000_000,
            duration: 25_000_000,
            source_start: 1_000_000,
          },
        ],
      },
      key,
    );
    expect(audio.status).toBe(200);
    const clipId = audio.body.audio_ids[0];

    const sent = await post<{ count: number; startUs: number; endUs: number; version: number }>(
      `/api/orders/${orderNo}/transcript/send`,
      { draftId, clipId, style: { position: "bottom" } },
    );
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ count: 3, startUs: 10_000_000, endUs: 14_000_000 });

    const c = await contentWith(draftUrl);
    expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
    const [track] = textTracks(c);
    expect(
      track.segments.map((s) => [s.target_timerange.start, s.target_timerange.duration, textOf(c, s.material_id)]),
    ).toEqual([
      [10_000_000, 1_000_000, "Hello from Mixdesk"], // 1–2 s of the source (cut at the in-point)
      [11_500_000, 1_500_000, "the second line"], // the latest version, not the engine's
      [13_500_000, 500_000, "第三行"], // cut at the clip's end (5 s)
    ]);

    // Without a clip: shifted by the offset. A clip with none of the transcript is refused.
    const shifted = await post<{ startUs: number }>(`/api/orders/${orderNo}/transcript/send`, {
      draftId,
      offsetUs: 20_000_000,
    });
    expect(shifted.body.startUs).toBe(20_500_000);
    const late = await h.call<{ audio_ids: string[] }>(
      "POST",
      "/v1/add_audios",
      {
        draft_url: draftUrl,
        audio_infos: [
          { audio_url: h.media("main.mp3"), start: 0, end: 2_000_000, duration: 25_000_000, source_start: 10_000_000 },
        ],
      },
      key,
    );
    const none = await post<{ detail: string }>(`/api/orders/${orderNo}/transcript/send`, {
      draftId,
      clipId: late.body.audio_ids[0],
    });
    expect(none).toEqual({
      status: 400,
      body: expect.objectContaining({ detail: "No part of the transcript falls inside that clip" }),
    });
    expect(textTracks(await contentWith(draftUrl))).toHaveLength(2);
  });
});

describe("OpenAPI", () => {
  it("documents add_captions with its error table and the CaptionInfo/CaptionStyle schemas", async () => {
    type Doc = {
      paths: Record<string, { post: { responses: Record<string, { content: Record<string, { schema: Json }> }> } }>;
      components: { schemas: Record<string, Json> };
    };
    type Json = { properties: { detail: { examples: string[] } } & Record<string, unknown> };
    const doc = (await (await fetch(`${h.server.baseUrl}/api/openapi.json`)).json()) as Doc;
    const r = doc.paths["/v1/add_captions"].post.responses;
    const examples = (status: string) => r[status].content["application/json"].schema.properties.detail.examples;
    expect(examples("400")).toEqual([
      "draft_url是必填项",
      "captions是必填项",
      "captions格式错误",
      "字幕配置验证失败",
      "text是必填项",
      "时间范围无效",
      "字幕样式无效",
    ]);
    expect(examples("404")).toEqual(["草稿不存在"]);
    expect(examples("500")).toEqual(["字幕处理失败"]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["CaptionInfo", "CaptionStyle"]));
  });
});
