import { describe, expect, it } from "vitest";
import { draftContent, draftJsonFiles, draftMetaInfo, materialPath, type DraftDocument } from "@/lib/drafts/jianying";
import { addOnNewTracks, emptyTimeline, type Segment } from "@/lib/drafts/timeline";
import { draftProblems } from "@/test/helpers/draft-check";

const ID = "0123456789abcdef0123456789abcdef";

function doc(folder: string | null = null): DraftDocument {
  const timeline = emptyTimeline();
  const s = (id: string, materialId: string, start: number, duration: number, fade = false): Segment => ({
    id,
    materialId,
    start,
    duration,
    volume: 0.8,
    fadeIn: fade ? 500_000 : 0,
    fadeOut: fade ? 1_000_000 : 0,
    speedId: `${id}-speed`,
    fadeId: fade ? `${id}-fade` : null,
  });
  addOnNewTracks(timeline, [
    s("a", "M1", 0, 3_000_000, true),
    s("b", "M2", 2_000_000, 10_000_000),
    s("c", "M1", 11_000_000, 4_000_000),
  ]);
  return {
    id: ID,
    width: 1080,
    height: 1920,
    timeline,
    draftFolder: folder,
    materials: [
      { id: "M1", fileName: "M1.mp3", durationUs: 5_000_000, url: "https://x/1.mp3" },
      { id: "M2", fileName: "M2.wav", durationUs: 30_000_000, url: "https://x/2.wav" },
    ],
    createdAt: new Date(1_700_000_000_000),
    updatedAt: new Date(1_700_000_100_000),
  };
}

describe("JianYing writer", () => {
  it("writes the draft's name as draft_name and materials under their readable names", () => {
    const d = { ...doc(), name: "夏日 vlog" };
    d.materials = d.materials.map((m) => (m.id === "M1" ? { ...m, displayName: "我的歌.mp3" } : m));
    const meta = draftMetaInfo(d) as { draft_name: string };
    expect(meta.draft_name).toBe("夏日 vlog");
    const audios = (
      draftContent(d) as unknown as { materials: { audios: { id: string; name: string; path: string }[] } }
    ).materials.audios;
    expect(audios.find((a) => a.id === "M1")).toMatchObject({ name: "我的歌.mp3" });
    expect(audios.find((a) => a.id === "M1")?.path).toMatch(/M1\.mp3$/);
    expect(audios.find((a) => a.id === "M2")?.name).toBe("M2.wav");
    expect((draftMetaInfo(doc()) as { draft_name: string }).draft_name).toBe(ID);
  });

  it("writes a timeline the structural check accepts, with speeds, fades and volumes", () => {
    const files = draftJsonFiles(doc());
    expect(files["draft_info.json"]).toBe(files["draft_content.json"]);
    expect(draftProblems(files["draft_content.json"], { width: 1080, height: 1920 })).toEqual([]);
    const c = draftContent(doc());
    expect(c.duration).toBe(15_000_000);
    expect(c.tracks).toHaveLength(2);
    expect(c.materials.speeds).toHaveLength(3);
    expect(c.materials.audio_fades).toEqual([
      { id: "a-fade", type: "audio_fade", fade_type: 0, fade_in_duration: 500_000, fade_out_duration: 1_000_000 },
    ]);
    const a = c.tracks.flatMap((t) => t.segments).find((s) => s.id === "a")!;
    expect(a.extra_material_refs).toEqual(["a-speed", "a-fade"]);
    expect(a.volume).toBe(0.8);
    expect(a.clip).toBeNull();
  });

  it("the check catches overlap, dangling refs, a source past the material and a wrong duration", () => {
    const c = draftContent(doc()) as unknown as {
      duration: number;
      tracks: {
        segments: {
          target_timerange: { start: number };
          source_timerange: { duration: number };
          extra_material_refs: string[];
        }[];
      }[];
    };
    c.duration += 1;
    c.tracks[0].segments[1].target_timerange.start = 1_000_000;
    c.tracks[0].segments[0].source_timerange.duration = 6_000_000.5;
    c.tracks[1].segments[0].extra_material_refs.push("nowhere");
    const problems = draftProblems(JSON.stringify(c), { width: 1080, height: 1920 }).join("\n");
    expect(problems).toMatch(/overlaps/);
    expect(problems).toMatch(/resolves to nothing/);
    expect(problems).toMatch(/outside material duration/);
    expect(problems).toMatch(/not an integer/);
    expect(problems).toMatch(/^duration/m);
  });

  it("uses JianYing's placeholder paths, or absolute paths under draft_folder", () => {
    expect(materialPath(doc(), "M1.mp3")).toBe(
      "##_draftpath_placeholder_01234567-89AB-CDEF-0123-456789ABCDEF_##/assets/audio/M1.mp3",
    );
    expect(materialPath(doc("C:\\Users\\me\\drafts\\"), "M1.mp3")).toBe(
      `C:\\Users\\me\\drafts\\${ID}\\assets\\audio\\M1.mp3`,
    );
    expect(materialPath(doc("/Users/me/Movies/drafts"), "M1.mp3")).toBe(
      `/Users/me/Movies/drafts/${ID}/assets/audio/M1.mp3`,
    );
  });

  it("registers every media file in draft_meta_info's draft_materials", () => {
    const meta = draftMetaInfo(doc());
    const music = meta.draft_materials.find((g) => g.type === 0)!.value;
    expect(music.map((m) => [m.id, m.metetype, m.duration])).toEqual([
      ["M1", "music", 5_000_000],
      ["M2", "music", 30_000_000],
    ]);
    expect(meta.tm_duration).toBe(15_000_000);
  });
});

describe("source in-point", () => {
  it("writes a segment's sourceStart as source_timerange.start, and an old segment without one as 0", () => {
    const d = doc();
    const [first, second] = d.timeline.tracks[0].segments;
    first.sourceStart = 1_250_000;
    delete second.sourceStart;
    const segs = draftContent(d).tracks.flatMap((t) => t.segments);
    expect(segs.find((s) => s.id === first.id)?.source_timerange).toEqual({
      start: 1_250_000,
      duration: first.duration,
    });
    expect(segs.find((s) => s.id === second.id)?.source_timerange).toEqual({ start: 0, duration: second.duration });
  });
});
