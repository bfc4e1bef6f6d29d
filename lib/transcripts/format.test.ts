import { describe, expect, it } from "vitest";
import {
  makeTranscript,
  normalizeSegments,
  parseClock,
  parseSrt,
  parseTranscript,
  parseVtt,
  toSrt,
  toTxt,
  toVtt,
} from "@/lib/transcripts/format";
import { expectValidSrt, expectValidVtt } from "@/test/helpers/subtitles";

const segs = [
  { start: 0.5, end: 2.25, text: "Hello there." },
  { start: 2.25, end: 4, text: "大家好，欢迎收看。" },
  { start: 3661.007, end: 3662.5, text: "One hour & one <second> --> later" },
];

describe("SRT and VTT output", () => {
  it("writes valid SubRip with sequential numbers and comma milliseconds", () => {
    const srt = toSrt(segs);
    expectValidSrt(srt);
    expect(srt).toContain("1\n00:00:00,500 --> 00:00:02,250\nHello there.\n");
    expect(srt).toContain("3\n01:01:01,007 --> 01:01:02,500\n");
  });

  it("writes valid WebVTT with escaped markup", () => {
    const vtt = toVtt(segs);
    expectValidVtt(vtt);
    expect(vtt.startsWith("WEBVTT\n\n00:00:00.500 --> 00:00:02.250\n")).toBe(true);
    expect(vtt).toContain("One hour &amp; one &lt;second&gt; --&gt; later");
  });

  it("round-trips Chinese and markup through SRT and VTT in UTF-8", () => {
    const back = parseSrt(Buffer.from(toSrt(segs), "utf8").toString("utf8"));
    expect(back).toEqual(segs);
    expect(parseVtt(toVtt(segs))).toEqual(segs);
    expect(Buffer.from(toTxt(segs), "utf8").toString("utf8")).toBe(
      "Hello there.\n大家好，欢迎收看。\nOne hour & one <second> --> later\n",
    );
  });

  it("writes nothing but the header for an empty transcript", () => {
    expect(toSrt([])).toBe("");
    expect(toVtt([])).toBe("WEBVTT\n\n");
    expect(toTxt([])).toBe("");
  });
});

describe("parsing subtitles", () => {
  it("reads SRT with CRLF, a BOM, tags, ASS overrides and multi-line cues", () => {
    const srt =
      "\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>First</i> line\r\n{\\an8}second line\r\n\r\n2\r\n0:00:03.5 --> 0:00:04,000\r\nNext\r\n";
    expect(parseSrt(srt)).toEqual([
      { start: 1, end: 2.5, text: "First line\nsecond line" },
      { start: 3.5, end: 4, text: "Next" },
    ]);
  });

  it("reads VTT with identifiers, cue settings, NOTE blocks and short times", () => {
    const vtt =
      "WEBVTT - title\n\nNOTE a comment\n\nintro\n00:01.000 --> 00:02.000 align:start line:0\n<v Ann>Hi &amp; bye</v>\n\n00:02.000 --> 00:03.000\n你好\n";
    expect(parseVtt(vtt)).toEqual([
      { start: 1, end: 2, text: "Hi & bye" },
      { start: 2, end: 3, text: "你好" },
    ]);
  });

  it("reads clock values and rejects garbage", () => {
    expect(parseClock("01:02:03,045")).toBe(3723.045);
    expect(parseClock("02:03.4")).toBe(123.4);
    expect(parseClock("soon")).toBeNull();
  });
});

describe("normalizeSegments", () => {
  it("sorts, clamps, drops empty text and removes overlaps", () => {
    const out = normalizeSegments(
      [
        { start: 5, end: 12, text: "late, past the end" },
        { start: 1, end: 3, text: "  first  " },
        { start: 2, end: 4, text: "overlaps first" },
        { start: 4, end: 4.5, text: "   " },
        { start: -1, end: 0.5, text: "before zero" },
        { start: 1, end: 2, text: "same start" },
      ],
      10,
    );
    expect(out).toEqual([
      { start: 0, end: 0.5, text: "before zero" },
      { start: 1, end: 2, text: "first\nsame start" },
      { start: 2, end: 4, text: "overlaps first" },
      { start: 5, end: 10, text: "late, past the end" },
    ]);
  });

  it("gives zero-length cues a length that stops at the next cue", () => {
    expect(
      normalizeSegments([
        { start: 1, end: 1, text: "a" },
        { start: 1.4, end: 1.4, text: "b" },
      ]),
    ).toEqual([
      { start: 1, end: 1.4, text: "a" },
      { start: 1.4, end: 2.4, text: "b" },
    ]);
  });
});

describe("transcript.json", () => {
  it("accepts what makeTranscript builds and rejects overlapping or empty segments", () => {
    const t = makeTranscript({ language: "zh", engine: "openai:whisper-1", durationSec: 4.0004, segments: segs });
    expect(parseTranscript(JSON.stringify(t))).toEqual(t);
    expect(t.durationSec).toBe(4);
    expect(t.segments.map((s) => s.text)).toEqual(["Hello there.", "大家好，欢迎收看。"]);
    expect(() => parseTranscript({ ...t, segments: [segs[1], segs[0]] })).toThrow(/sorted/);
    expect(() => parseTranscript({ ...t, segments: [{ start: 0, end: 1, text: " " }] })).toThrow(/empty/);
    expect(() => parseTranscript({ ...t, version: 2 })).toThrow();
  });
});
