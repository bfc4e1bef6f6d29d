// The JianYing draft API over real HTTP: add_audios' rules and error table, the draft package
// (files, zip, paths), concurrency, and a second server process on the same database.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftProblems } from "@/test/helpers/draft-check";
import { hlsPlaylist, makeTone } from "@/test/helpers/media";
import { segmentsOf, startDraftHarness, type DraftHarness, type GetDraft } from "@/test/helpers/drafts";
import { startServer } from "@/test/helpers/server";
import { storedFiles } from "@/test/helpers/stored";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-drafts-"));
let h: DraftHarness;

type AddResult = { draft_url: string; track_id: string; track_ids: string[]; audio_ids: string[]; warnings?: string[] };

const clip = (name: string, start: number, end: number, extra: Record<string, unknown> = {}) => ({
  audio_url: h.media(name),
  start,
  end,
  duration: end - start,
  ...extra,
});
const add = (draft_url: string, infos: unknown[] | string, key?: string | null) =>
  h.call<AddResult & { detail?: string }>(
    "POST",
    "/v1/add_audios",
    { draft_url, audio_infos: typeof infos === "string" ? infos : JSON.stringify(infos) },
    key,
  );

beforeAll(async () => {
  h = await startDraftHarness(dir);
}, 180_000);

afterAll(async () => {
  await h?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("create_draft and authentication", () => {
  it("creates a 1920x1080 draft by default and answers draft_url in the documented form", async () => {
    const r = await h.call<{ draft_url: string; tip_url: string }>("POST", "/v1/create_draft", {});
    expect(r.status).toBe(200);
    expect(r.body.draft_url).toMatch(new RegExp(`^${h.server.baseUrl}/v1/get_draft\\?draft_id=[0-9a-f]{32}$`));
    expect(r.body.tip_url).toEqual(expect.any(String));
    const c = await h.content(r.body.draft_url);
    expect(c.canvas_config).toMatchObject({ width: 1920, height: 1080 });
    expect(c.tracks).toEqual([]);
    expect(c.duration).toBe(0);
  });

  it("keeps the canvas asked for, refuses nonsense sizes", async () => {
    const d = await h.createDraft({ width: 1080, height: 1920 });
    expect((await h.content(d.draft_url)).canvas_config).toMatchObject({ width: 1080, height: 1920 });
    const bad = await h.call("POST", "/v1/create_draft", { width: -5, height: 1080 });
    expect(bad).toEqual({ status: 400, body: { detail: "width必须是1到8192之间的整数" } });
  });

  it("every route needs a valid API key: 401 {detail}", async () => {
    const d = await h.createDraft();
    for (const [method, p, body] of [
      ["POST", "/v1/create_draft", {}],
      ["POST", "/v1/add_audios", { draft_url: d.draft_url, audio_infos: "[]" }],
      ["GET", `/v1/get_draft?draft_id=${d.id}`, undefined],
      ["POST", "/v1/save_draft", { draft_url: d.draft_url }],
    ] as const) {
      expect(await h.call(method, p, body, null)).toEqual({ status: 401, body: { detail: "API Key is required" } });
      expect(await h.call(method, p, body, "mxk_not-a-real-key")).toEqual({
        status: 401,
        body: { detail: "Invalid API Key" },
      });
    }
  });
});

describe("add_audios: the error table", () => {
  let draft: { draft_url: string; id: string };
  let before: string;

  beforeAll(async () => {
    draft = await h.createDraft();
    expect((await add(draft.draft_url, [clip("intro.mp3", 0, 1_000_000)])).status).toBe(200);
    before = (await h.content(draft.draft_url)).json;
    // Another team's result on disk, and playlists reaching for it from where add_audios downloads
    // (DATA_DIR/drafts/<id>/assets/audio/, four levels below DATA_DIR).
    const secret = path.join(dir, "data", "results", "SECRETORDER", "accompaniment.mp3");
    fs.mkdirSync(path.dirname(secret), { recursive: true });
    makeTone(secret, 3);
    const media = path.join(dir, "media");
    fs.writeFileSync(
      path.join(media, "steal.m3u8"),
      hlsPlaylist(["../../../../results/SECRETORDER/accompaniment.mp3"]),
    );
    fs.writeFileSync(
      path.join(media, "probe-missing.m3u8"),
      hlsPlaylist(["../../../../results/NOSUCHORDER/accompaniment.mp3"]),
    );
    fs.writeFileSync(path.join(media, "remote.m3u8"), hlsPlaylist([h.media("bgm.mp3")]));
  });

  const ok = { audio_url: "", start: 0, end: 1_000_000, duration: 1_000_000 };
  const rows: [string, number, string, () => unknown][] = [
    [
      "no draft_url",
      400,
      "draft_url是必填项",
      () => ({ audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3") }]) }),
    ],
    ["empty draft_url", 400, "draft_url是必填项", () => ({ draft_url: " ", audio_infos: "[]" })],
    ["no audio_infos", 400, "audio_infos是必填项", () => ({ draft_url: draft.draft_url })],
    ["empty audio_infos", 400, "audio_infos是必填项", () => ({ draft_url: draft.draft_url, audio_infos: "" })],
    [
      "audio_infos not JSON",
      400,
      "audio_infos格式错误",
      () => ({ draft_url: draft.draft_url, audio_infos: "[{audio_url:" }),
    ],
    [
      "audio_infos not an array",
      400,
      "audio_infos格式错误",
      () => ({ draft_url: draft.draft_url, audio_infos: JSON.stringify({ ...ok, audio_url: h.media("bgm.mp3") }) }),
    ],
    [
      "audio_infos an empty array",
      400,
      "audio_infos格式错误",
      () => ({ draft_url: draft.draft_url, audio_infos: "[]" }),
    ],
    [
      "start of the wrong type",
      400,
      "音频配置验证失败",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3"), start: "0" }]),
      }),
    ],
    [
      "negative start",
      400,
      "音频配置验证失败",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3"), start: -1 }]),
      }),
    ],
    [
      "negative fade_out",
      400,
      "音频配置验证失败",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3"), fade_out: -1 }]),
      }),
    ],
    [
      "fades longer than the clip",
      400,
      "音频配置验证失败",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3"), fade_in: 600_000, fade_out: 500_000 }]),
      }),
    ],
    [
      "no audio_url",
      400,
      "audio_url是必填项",
      () => ({ draft_url: draft.draft_url, audio_infos: JSON.stringify([{ start: 0, end: 1, duration: 1 }]) }),
    ],
    [
      "end before start",
      400,
      "时间范围无效",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3"), start: 5_000_000, end: 4_000_000 }]),
      }),
    ],
    [
      "end equal to start after truncation",
      400,
      "时间范围无效",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3"), start: 1000.2, end: 1000.8 }]),
      }),
    ],
    [
      "volume above 1",
      400,
      "音量值无效",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3"), volume: 1.5 }]),
      }),
    ],
    [
      "volume below 0",
      400,
      "音量值无效",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3"), volume: -0.2 }]),
      }),
    ],
    [
      "a bad element after a good one",
      400,
      "音量值无效",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([
          { ...ok, audio_url: h.media("bgm.mp3") },
          { ...ok, audio_url: h.media("bgm.mp3"), volume: 2 },
        ]),
      }),
    ],
    [
      "unknown draft",
      404,
      "草稿不存在",
      () => ({
        draft_url: `${h.server.baseUrl}/v1/get_draft?draft_id=${"0".repeat(32)}`,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3") }]),
      }),
    ],
    [
      "a URL naming no draft",
      404,
      "草稿不存在",
      () => ({
        draft_url: "https://example.com/nothing",
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("bgm.mp3") }]),
      }),
    ],
    [
      "audio URL answering 404",
      404,
      "音频资源不存在",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: `${h.fixtures.baseUrl}/missing.mp3` }]),
      }),
    ],
    [
      "audio URL blocked by the SSRF guard",
      404,
      "音频资源不存在",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: "http://169.254.169.254/latest/meta-data/a.mp3" }]),
      }),
    ],
    [
      "audio URL not http(s)",
      404,
      "音频资源不存在",
      () => ({ draft_url: draft.draft_url, audio_infos: JSON.stringify([{ ...ok, audio_url: "file:///etc/passwd" }]) }),
    ],
    [
      "audio URL that is not audio",
      404,
      "音频资源不存在",
      () => ({ draft_url: draft.draft_url, audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("notes.txt") }]) }),
    ],
    [
      "a new good URL before an unreachable one",
      404,
      "音频资源不存在",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([
          { ...ok, audio_url: h.media("whoosh.mp3") },
          { ...ok, audio_url: `${h.fixtures.baseUrl}/status/500` },
        ]),
      }),
    ],
    // A playlist is never followed: same answer whether the local file it names exists or not.
    [
      "an HLS playlist whose segment is another team's local result",
      404,
      "音频资源不存在",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("steal.m3u8") }]),
      }),
    ],
    [
      "an HLS playlist whose segment is a local file that does not exist",
      404,
      "音频资源不存在",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("probe-missing.m3u8") }]),
      }),
    ],
    [
      "an HLS playlist whose segment is a URL",
      404,
      "音频资源不存在",
      () => ({
        draft_url: draft.draft_url,
        audio_infos: JSON.stringify([{ ...ok, audio_url: h.media("remote.m3u8") }]),
      }),
    ],
  ];

  it.each(rows)("%s → %i %s, and the draft is unchanged", async (_name, status, message, body) => {
    const r = await h.call("POST", "/v1/add_audios", body());
    expect(r).toEqual({ status, body: { detail: message } });
    expect((await h.content(draft.draft_url)).json).toBe(before);
  });

  it("failed requests leave no downloaded files behind", async () => {
    const audio = await storedFiles(h.server, path.join(dir, "data"), `drafts/${draft.id}/assets/audio`);
    expect(audio).toHaveLength(1); // intro.mp3 from the setup call
  });

  it("get_draft without an id is 400", async () => {
    expect(await h.call("GET", "/v1/get_draft")).toEqual({ status: 400, body: { detail: "draft_id是必填项" } });
  });

  it("another team's draft is 草稿不存在 for every route", async () => {
    const mine = await h.createDraft();
    const infos = JSON.stringify([clip("intro.mp3", 0, 1_000_000)]);
    const other = h.otherKey;
    expect(await h.call("POST", "/v1/add_audios", { draft_url: mine.draft_url, audio_infos: infos }, other)).toEqual({
      status: 404,
      body: { detail: "草稿不存在" },
    });
    expect(await h.call("GET", `/v1/get_draft?draft_id=${mine.id}`, undefined, other)).toEqual({
      status: 404,
      body: { detail: "草稿不存在" },
    });
    expect(await h.call("POST", "/v1/save_draft", { draft_url: mine.draft_url }, other)).toEqual({
      status: 404,
      body: { detail: "草稿不存在" },
    });
  });
});

describe("add_audios: placement, materials, package", () => {
  it("places clips at start/end, truncates fractions, writes volume, fades and speeds", async () => {
    const d = await h.createDraft();
    const r = await add(d.draft_url, [
      clip("outro.mp3", 25_000_000.9, 30_000_000.7, { volume: 0.9, fade_in: 1_000_000.5, fade_out: 2_000_000 }),
    ]);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      draft_url: d.draft_url,
      track_id: r.body.track_ids[0],
      audio_ids: [expect.any(String)],
    });
    expect(r.body.warnings).toBeUndefined();
    const c = await h.content(d.draft_url);
    expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
    const [s] = segmentsOf(c);
    expect(s.id).toBe(r.body.audio_ids[0]);
    expect(s.target_timerange).toEqual({ start: 25_000_000, duration: 5_000_000 });
    expect(s.source_timerange).toEqual({ start: 0, duration: 5_000_000 });
    expect(s.volume).toBe(0.9);
    const fade = c.materials.audio_fades.find((f) => s.extra_material_refs.includes(f.id));
    expect(fade).toMatchObject({ fade_in_duration: 1_000_000, fade_out_duration: 2_000_000 });
    expect(c.materials.speeds.map((x) => x.id)).toContain(s.extra_material_refs[0]);
    expect(c.duration).toBe(30_000_000);
  });

  it("measures the real length: a clip longer than its audio is cut and the response warns", async () => {
    const d = await h.createDraft();
    const r = await add(d.draft_url, [
      { audio_url: h.media("short.mp3"), start: 1_000_000, end: 6_000_000, duration: 10_000_000 },
    ]);
    expect(r.status).toBe(200);
    expect(r.body.warnings).toEqual([expect.stringMatching(/^audio_infos\[0\]: cut to the audio's measured length/)]);
    const c = await h.content(d.draft_url);
    const [s] = segmentsOf(c);
    expect(s.target_timerange.duration).toBeGreaterThanOrEqual(1_990_000);
    expect(s.target_timerange.duration).toBeLessThan(2_200_000);
    expect(s.target_timerange.duration).toBe(c.materials.audios[0].duration);
    expect(c.duration).toBe(1_000_000 + s.target_timerange.duration);
    expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
  });

  it("spreads overlapping clips over as few new tracks as needed and never moves earlier clips", async () => {
    const d = await h.createDraft();
    const first = await add(d.draft_url, [clip("bgm.mp3", 0, 10_000_000)]);
    const r = await add(d.draft_url, [
      clip("voice1.mp3", 0, 3_000_000),
      clip("voice2.mp3", 1_000_000, 3_000_000),
      clip("ding.mp3", 2_000_000, 3_000_000),
      clip("ding.mp3", 3_000_000, 4_000_000),
    ]);
    expect(r.status).toBe(200);
    expect(r.body.track_ids).toHaveLength(3);
    expect(r.body.track_id).toBe(r.body.track_ids[0]);
    expect(r.body.audio_ids).toHaveLength(4);
    const c = await h.content(d.draft_url);
    expect(c.tracks.map((t) => t.id)).toEqual([first.body.track_id, ...r.body.track_ids]);
    expect(c.tracks[0].segments.map((s) => s.id)).toEqual(first.body.audio_ids);
    expect(c.tracks.every((t) => t.type === "audio")).toBe(true);
    expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
  });

  it("downloads and probes each URL once per draft, and shares the material", async () => {
    const d = await h.createDraft();
    const before = h.fixtures.hits.get("/transition.mp3") ?? 0;
    await add(
      d.draft_url,
      [0, 1, 2, 3, 4].map((i) => clip("transition.mp3", i * 2_000_000, i * 2_000_000 + 1_500_000)),
    );
    await add(d.draft_url, [clip("transition.mp3", 20_000_000, 21_000_000)]);
    expect((h.fixtures.hits.get("/transition.mp3") ?? 0) - before).toBe(1);
    const c = await h.content(d.draft_url);
    expect(c.materials.audios).toHaveLength(1);
    expect(segmentsOf(c)).toHaveLength(6);
    expect(new Set(segmentsOf(c).map((s) => s.material_id)).size).toBe(1);
  });

  it("accepts the seed's drafId= form and a drafId that is a file URL", async () => {
    const d = await h.createDraft();
    const coze = `https://ts.fyshark.com/#/cozeToJianyin?drafId=${d.id}`;
    const r = await add(coze, [clip("ding.mp3", 0, 1_000_000)]);
    expect(r.status).toBe(200);
    expect(r.body.draft_url).toBe(coze);
    const oss = `https://ts.fyshark.com/#/cozeToJianyin?drafId=https://video-snot-12220.oss-cn-shanghai.aliyuncs.com/2025-05-28/draft/${d.id}.json`;
    expect((await add(oss, [clip("ding.mp3", 1_000_000, 2_000_000)])).status).toBe(200);
    expect(segmentsOf(await h.content(d.draft_url))).toHaveLength(2);
    const g = await h.call<GetDraft>("GET", `/v1/get_draft?draft_url=${encodeURIComponent(coze)}`);
    expect(g.body.draft_id).toBe(d.id);
  });

  it("one call of 1,000 clips over HTTP (media already known) lands whole", async () => {
    const d = await h.createDraft();
    await add(d.draft_url, [clip("ding.mp3", 0, 500_000), clip("whoosh.mp3", 0, 500_000)]);
    const many = Array.from({ length: 1000 }, (_, i) =>
      clip(i % 2 ? "ding.mp3" : "whoosh.mp3", i * 400_000, i * 400_000 + 500_000, { volume: 0.5 }),
    );
    const t0 = Date.now();
    const r = await add(d.draft_url, many);
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(r.body.audio_ids).toHaveLength(1000);
    expect(r.body.track_ids).toHaveLength(2);
    const c = await h.content(d.draft_url);
    expect(segmentsOf(c)).toHaveLength(1002);
    expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
  });

  it("10 concurrent add_audios calls on one draft all succeed and every clip is kept", async () => {
    const d = await h.createDraft();
    const names = ["voice1.mp3", "voice2.mp3", "ding.mp3", "whoosh.mp3", "applause.mp3"];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        add(d.draft_url, [
          clip(names[i % 5], i * 1_000_000, i * 1_000_000 + 900_000),
          clip(names[(i + 1) % 5], i * 1_000_000 + 100_000, i * 1_000_000 + 800_000),
        ]),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const c = await h.content(d.draft_url);
    const ids = new Set(segmentsOf(c).map((s) => s.id));
    expect(ids.size).toBe(20);
    for (const r of results) for (const id of r.body.audio_ids) expect(ids.has(id)).toBe(true);
    expect(c.materials.audios).toHaveLength(5);
    expect(draftProblems(c.json, { width: 1920, height: 1080 })).toEqual([]);
  });
});

describe("OpenAPI", () => {
  it("describes the draft routes with the spec's messages", async () => {
    const doc = (await (await fetch(`${h.server.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<
              string,
              { content: { "application/json": { schema: { properties: { detail: { examples: string[] } } } } } }
            >;
          }
        >
      >;
    };
    for (const p of ["/v1/create_draft", "/v1/add_audios", "/v1/get_draft", "/v1/save_draft"])
      expect(doc.paths[p]).toBeDefined();
    const r = doc.paths["/v1/add_audios"].post.responses;
    expect(r["404"].content["application/json"].schema.properties.detail.examples).toEqual([
      "草稿不存在",
      "音频资源不存在",
    ]);
    expect(r["500"].content["application/json"].schema.properties.detail.examples).toEqual(["音频处理失败"]);
  });
});

describe("get_draft, the zip and save_draft", () => {
  let d: { draft_url: string; id: string };
  let g: GetDraft;

  beforeAll(async () => {
    d = await h.createDraft({ width: 1280, height: 720 });
    await add(d.draft_url, [
      clip("intro.mp3", 0, 3_000_000, { fade_in: 500_000 }),
      clip("bgm.mp3", 3_000_000, 30_000_000, { volume: 0.6 }),
    ]);
    g = (await h.call<GetDraft>("GET", `/v1/get_draft?draft_id=${d.id}`)).body;
  });

  it("lists every file of the folder behind signed, expiring URLs", async () => {
    expect(g.paths.slice(0, 3)).toEqual(["draft_content.json", "draft_info.json", "draft_meta_info.json"]);
    expect(g.paths.slice(3)).toEqual([
      expect.stringMatching(/^assets\/audio\/[0-9A-F-]{36}\.mp3$/),
      expect.stringMatching(/^assets\/audio\/[0-9A-F-]{36}\.mp3$/),
    ]);
    for (const f of g.files) {
      expect(f).toMatch(/[?&]exp=\d+&sig=/);
      expect((await fetch(f)).status).toBe(200);
    }
    const tampered = g.files[0].replace(/sig=./, "sig=x");
    expect((await fetch(tampered)).status).toBe(403);
    expect((await fetch(g.zip_url.replace(/exp=\d+/, "exp=1"))).status).toBe(403);
    const [content, info] = await Promise.all(g.files.slice(0, 2).map(async (f) => (await fetch(f)).text()));
    expect(info).toBe(content);
    expect(draftProblems(content, { width: 1280, height: 720 })).toEqual([]);
  });

  it("the zip holds one folder named by the draft id that opens in place", async () => {
    const res = await fetch(g.zip_url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const zip = path.join(dir, `${d.id}.zip`);
    fs.writeFileSync(zip, Buffer.from(await res.arrayBuffer()));
    const out = path.join(dir, "unzipped");
    execFileSync("unzip", ["-q", "-o", zip, "-d", out]);
    expect(fs.readdirSync(out)).toEqual([d.id]);
    const folder = path.join(out, d.id);
    const content = fs.readFileSync(path.join(folder, "draft_content.json"), "utf8");
    expect(fs.readFileSync(path.join(folder, "draft_info.json"), "utf8")).toBe(content);
    expect(draftProblems(content, { width: 1280, height: 720 })).toEqual([]);
    const parsed = JSON.parse(content) as { id: string; materials: { audios: { path: string; name: string }[] } };
    const placeholder = `##_draftpath_placeholder_${parsed.id}_##`;
    for (const a of parsed.materials.audios) {
      // The stored file is named by its id; JianYing shows the material's readable name (the link's).
      const stored = a.path.split("/").at(-1)!;
      expect(a.path).toBe(`${placeholder}/assets/audio/${stored}`);
      expect(a.name).not.toBe(stored);
      expect(a.name).toMatch(/^[a-z0-9-]+\.(mp3|wav|m4a|flac)$/i);
      const file = path.join(folder, "assets/audio", stored);
      expect(fs.statSync(file).size).toBeGreaterThan(1000);
    }
    const meta = JSON.parse(fs.readFileSync(path.join(folder, "draft_meta_info.json"), "utf8")) as {
      draft_id: string;
      draft_materials: { type: number; value: { id: string; file_Path: string; metetype: string }[] }[];
    };
    expect(meta.draft_id).toBe(parsed.id);
    const music = meta.draft_materials.find((m) => m.type === 0)!.value;
    expect(music.map((m) => m.id).sort()).toEqual(
      parsed.materials.audios.map((a) => (a as unknown as { id: string }).id).sort(),
    );
    expect(music.every((m) => m.metetype === "music" && m.file_Path.startsWith(placeholder))).toBe(true);
  });

  it("save_draft with draft_folder writes absolute paths for that folder; without, placeholders again", async () => {
    const win = "C:\\Users\\me\\AppData\\Local\\JianyingPro\\User Data\\Projects\\com.lveditor.draft";
    expect(await h.call("POST", "/v1/save_draft", { draft_url: d.draft_url, draft_folder: win })).toEqual({
      status: 200,
      body: { draft_url: d.draft_url },
    });
    let c = await h.content(d.draft_url);
    const stored = (a: { path: string }) => a.path.split(/[\\/]/).at(-1)!;
    for (const a of c.materials.audios) expect(a.path).toBe(`${win}\\${d.id}\\assets\\audio\\${stored(a)}`);
    const mac = "/Users/me/Movies/JianyingPro/User Data/Projects/com.lveditor.draft";
    await h.call("POST", "/v1/save_draft", { draft_url: d.draft_url, draft_folder: mac });
    c = await h.content(d.draft_url);
    for (const a of c.materials.audios) expect(a.path).toBe(`${mac}/${d.id}/assets/audio/${stored(a)}`);
    expect(await h.call("POST", "/v1/save_draft", { draft_url: d.draft_url, draft_folder: "relative/dir" })).toEqual({
      status: 400,
      body: { detail: "draft_folder必须是绝对路径" },
    });
    await h.call("POST", "/v1/save_draft", { draft_url: d.draft_url });
    c = await h.content(d.draft_url);
    for (const a of c.materials.audios) expect(a.path).toMatch(/^##_draftpath_placeholder_/);
    expect(await h.call("POST", "/v1/save_draft", {})).toEqual({ status: 400, body: { detail: "draft_url是必填项" } });
  });

  it("a second server process on the same database serves the draft (drafts survive restarts); a processing failure is 500 音频处理失败 and changes nothing", async () => {
    const before = (await h.content(d.draft_url)).json;
    const second = await startServer({
      databaseUrl: h.server.databaseUrl,
      env: {
        FETCH_ALLOW_HOSTS: "127.0.0.1",
        DATA_DIR: path.join(dir, "data"),
        FFPROBE_PATH: path.join(dir, "no-such-ffprobe"),
        // TEST_STORAGE=s3: the same bucket, as a second web process would have.
        ...h.server.s3,
      },
    });
    try {
      const call = async (method: string, p: string, body?: unknown) => {
        const res = await fetch(second.baseUrl + p, {
          method,
          headers: { authorization: `Bearer ${h.key}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      const got = await call("GET", `/v1/get_draft?draft_id=${d.id}`);
      expect(got.status).toBe(200);
      expect((got.body.paths as string[]).length).toBe(5);
      const failed = await call("POST", "/v1/add_audios", {
        draft_url: d.draft_url,
        audio_infos: JSON.stringify([clip("applause.mp3", 0, 1_000_000)]),
      });
      expect(failed).toEqual({ status: 500, body: { detail: "音频处理失败" } });
    } finally {
      await second.stop();
    }
    expect((await h.content(d.draft_url)).json).toBe(before);
  });
});
