import { describe, expect, it } from "vitest";
import { parseAudioInfos } from "@/lib/drafts/audio-infos";
import { draftIdFromUrl } from "@/lib/drafts/draft-url";

const one = (o: Record<string, unknown>) =>
  JSON.stringify([{ audio_url: "https://x/a.mp3", start: 0, end: 1000, duration: 1000, ...o }]);
const message = (raw: string) => {
  try {
    parseAudioInfos(raw);
    return "ok";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("parseAudioInfos", () => {
  it("applies defaults and truncates fractional microseconds", () => {
    expect(parseAudioInfos(one({ start: 1000.9, end: 5000.7, fade_in: 10.5 }))[0]).toEqual({
      url: "https://x/a.mp3",
      start: 1000,
      end: 5000,
      sourceStart: 0,
      durationHint: 1000,
      volume: 1,
      fadeIn: 10,
      fadeOut: 0,
    });
  });

  it.each([
    ["not json", "audio_infos格式错误"],
    ["{}", "audio_infos格式错误"],
    ["[]", "audio_infos格式错误"],
    ["[1]", "音频配置验证失败"],
    [one({ audio_url: undefined }), "audio_url是必填项"],
    [one({ audio_url: "" }), "audio_url是必填项"],
    [one({ audio_url: 5 }), "音频配置验证失败"],
    [one({ start: "0" }), "音频配置验证失败"],
    [one({ duration: undefined }), "音频配置验证失败"],
    [one({ duration: "10" }), "音频配置验证失败"],
    [one({ duration: -1 }), "音频配置验证失败"],
    [one({ start: -1 }), "音频配置验证失败"],
    [one({ fade_in: -1 }), "音频配置验证失败"],
    [one({ fade_in: 600, fade_out: 401 }), "音频配置验证失败"],
    [one({ end: 0 }), "时间范围无效"],
    [one({ start: 10.2, end: 10.9 }), "时间范围无效"],
    [one({ volume: 1.01 }), "音量值无效"],
    [one({ volume: -0.1 }), "音量值无效"],
    [one({ volume: "1" }), "音频配置验证失败"],
    [one({ fade_in: 600, fade_out: 400, volume: 0 }), "ok"],
    [one({ source_start: -1 }), "音频配置验证失败"],
    [one({ source_start: "5" }), "音频配置验证失败"],
    [one({ end: 600, duration: 1000, source_start: 401 }), "音频配置验证失败"],
    [one({ end: 600, duration: 1000, source_start: 400 }), "ok"],
    [one({ source_start: null }), "ok"],
  ])("%s → %s", (raw, expected) => expect(message(raw)).toBe(expected));
});

it("reads the source_start extension (µs, truncated), 0 when absent", () => {
  const [c] = parseAudioInfos(one({ start: 0, end: 600, duration: 1000, source_start: 250.8 }));
  expect(c).toMatchObject({ start: 0, end: 600, sourceStart: 250 });
});

describe("draftIdFromUrl", () => {
  const id = "0123456789abcdef0123456789abcdef";
  it.each([
    `https://mixdesk.example/v1/get_draft?draft_id=${id}`,
    `https://ts.fyshark.com/#/cozeToJianyin?drafId=${id}`,
    `https://ts.fyshark.com/#/cozeToJianyin?drafId=https://oss.example.com/2025-05-28/draft/${id}.json`,
    `https://x/?a=1&draft_id=${id}&b=2`,
    id,
  ])("reads %s", (url) => expect(draftIdFromUrl(url)).toBe(id));

  it("finds nothing in other URLs", () => {
    expect(draftIdFromUrl("https://x/?id=0123456789abcdef0123456789abcdef")).toBeNull();
    expect(draftIdFromUrl("https://x/?draft_id=../../etc")).toBeNull();
  });
});
