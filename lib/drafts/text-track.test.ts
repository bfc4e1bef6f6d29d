import { describe, expect, it } from "vitest";
import { DEFAULT_STYLE, parseCaptions, parseStyle } from "@/lib/drafts/caption-infos";
import { DraftError } from "@/lib/drafts/errors";
import { draftContent, type DraftDocument } from "@/lib/drafts/jianying";
import { rgb, type TextTrack } from "@/lib/drafts/text-track";
import { draftProblems } from "@/test/helpers/draft-check";

const ID = "0123456789abcdef0123456789abcdef";

function doc(texts: TextTrack[]): DraftDocument {
  return {
    id: ID,
    width: 1920,
    height: 1080,
    timeline: { tracks: [], texts },
    draftFolder: null,
    materials: [],
    createdAt: new Date(1_700_000_000_000),
    updatedAt: new Date(1_700_000_100_000),
  };
}

const detail = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof DraftError ? e.message : String(e);
  }
  return "no error";
};

describe("caption tracks in draft_content.json", () => {
  it("writes a text track whose segments each have a text material (content JSON) and a speed", () => {
    const style = { ...DEFAULT_STYLE, color: "#FFCC00", background: "#000000", backgroundAlpha: 0.5, fontSize: 10 };
    const c = draftContent(
      doc([
        {
          id: "T1",
          style,
          segments: [
            { id: "S1", materialId: "X1", speedId: "P1", start: 0, duration: 1_500_000, text: "你好，世界" },
            {
              id: "S2",
              materialId: "X2",
              speedId: "P2",
              start: 2_000_000,
              duration: 1_000_000,
              text: "line one\nline two",
            },
          ],
        },
      ]),
    );
    expect(draftProblems(JSON.stringify(c), { width: 1920, height: 1080 })).toEqual([]);
    expect(c.duration).toBe(3_000_000);
    const track = c.tracks.find((t) => t.type === "text") as unknown as {
      segments: { material_id: string; render_index: number; clip: { transform: { y: number } } }[];
    };
    expect(track.segments.map((s) => s.material_id)).toEqual(["X1", "X2"]);
    expect(track.segments[0].render_index).toBe(15000);
    expect(track.segments[0].clip.transform.y).toBe(-0.8);
    const texts = c.materials.texts as { id: string; content: string; background_color: string; check_flag: number }[];
    const first = JSON.parse(texts[0].content);
    expect(first.text).toBe("你好，世界");
    expect(first.styles[0]).toMatchObject({
      range: [0, 5],
      size: 10,
      fill: { content: { solid: { color: rgb("#FFCC00") } } },
    });
    expect(texts[0]).toMatchObject({ background_color: "#000000", background_alpha: 0.5, check_flag: 23 });
    expect(JSON.parse(texts[1].content).text).toBe("line one\nline two");
    expect((c.materials.speeds as { id: string }[]).map((s) => s.id)).toEqual(["P1", "P2"]);
  });
});

describe("parseCaptions and parseStyle", () => {
  it("sorts, truncates fractions, cuts overlaps with a warning", () => {
    const { cues, warnings } = parseCaptions(
      JSON.stringify([
        { start: 2_000_000.7, end: 3_000_000, text: "second" },
        { start: 0, end: 2_500_000, text: "  first  " },
      ]),
    );
    expect(cues).toEqual([
      { index: 1, start: 0, end: 2_000_000, text: "first" },
      { index: 0, start: 2_000_000, end: 3_000_000, text: "second" },
    ]);
    expect(warnings).toEqual(["captions[1]: ends where captions[0] begins, at 2000000 µs instead of 2500000 µs"]);
  });

  it("answers the table's messages", () => {
    expect(detail(() => parseCaptions(undefined))).toBe("captions是必填项");
    expect(detail(() => parseCaptions("[oops"))).toBe("captions格式错误");
    expect(detail(() => parseCaptions("[]"))).toBe("captions格式错误");
    expect(detail(() => parseCaptions([{ start: 0, end: 1 }]))).toBe("text是必填项");
    expect(detail(() => parseCaptions([{ start: "0", end: 1, text: "x" }]))).toBe("字幕配置验证失败");
    expect(detail(() => parseCaptions([{ start: 5, end: 5, text: "x" }]))).toBe("时间范围无效");
    expect(
      detail(() =>
        parseCaptions([
          { start: 5, end: 9, text: "x" },
          { start: 5, end: 7, text: "y" },
        ]),
      ),
    ).toBe("时间范围无效");
    expect(detail(() => parseStyle({ text_color: "red" }))).toBe("字幕样式无效");
    expect(detail(() => parseStyle({ position: "left" }))).toBe("字幕样式无效");
  });

  it("clamps style numbers with warnings and reads named positions", () => {
    const { style, warnings } = parseStyle(JSON.stringify({ font_size: 500, position: "top", background_alpha: 2 }));
    expect(style).toMatchObject({ fontSize: 100, positionY: 0.8, backgroundAlpha: 1 });
    expect(warnings).toHaveLength(2);
  });
});
