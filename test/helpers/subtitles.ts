// Independent validators for SubRip and WebVTT output: written from the formats' rules, not from
// lib/transcripts/format.ts, so a test using them checks what a player would accept.
import { expect } from "vitest";

function ms(h: string, m: string, s: string, f: string) {
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(f);
}

type Cue = { start: number; end: number; text: string };

function checkTimes(cues: Cue[]) {
  let lastEnd = 0;
  for (const [i, c] of cues.entries()) {
    expect(c.end, `cue ${i + 1} ends after it starts`).toBeGreaterThan(c.start);
    expect(c.start, `cue ${i + 1} starts at or after the previous end`).toBeGreaterThanOrEqual(lastEnd);
    expect(c.text.trim(), `cue ${i + 1} has text`).not.toBe("");
    lastEnd = c.end;
  }
}

/** Sequential numbering from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, monotonic non-overlapping times. */
export function expectValidSrt(srt: string): Cue[] {
  expect(srt).not.toMatch(/\r/);
  const blocks = srt.split("\n\n").filter((b) => b.trim() !== "");
  const cues = blocks.map((block, i) => {
    const [num, timing, ...text] = block.replace(/\n$/, "").split("\n");
    expect(num, `block ${i + 1} number`).toBe(String(i + 1));
    const m = /^(\d{2}):([0-5]\d):([0-5]\d),(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d),(\d{3})$/.exec(timing ?? "");
    expect(m, `block ${i + 1} timing line "${timing}"`).not.toBeNull();
    const g = m as RegExpExecArray;
    return { start: ms(g[1], g[2], g[3], g[4]), end: ms(g[5], g[6], g[7], g[8]), text: text.join("\n") };
  });
  checkTimes(cues);
  return cues;
}

/** `WEBVTT` header, `HH:MM:SS.mmm --> HH:MM:SS.mmm` cues, no raw `-->`/`<`/`&` in cue text. */
export function expectValidVtt(vtt: string): Cue[] {
  expect(vtt.startsWith("WEBVTT\n\n")).toBe(true);
  const blocks = vtt
    .slice("WEBVTT\n\n".length)
    .split("\n\n")
    .filter((b) => b.trim() !== "");
  const cues = blocks.map((block, i) => {
    const [timing, ...text] = block.replace(/\n$/, "").split("\n");
    const m = /^(\d{2}):([0-5]\d):([0-5]\d)\.(\d{3}) --> (\d{2}):([0-5]\d):([0-5]\d)\.(\d{3})$/.exec(timing ?? "");
    expect(m, `cue ${i + 1} timing line "${timing}"`).not.toBeNull();
    const body = text.join("\n");
    expect(body).not.toMatch(/-->|<|&(?!amp;|lt;|gt;)/);
    const g = m as RegExpExecArray;
    return { start: ms(g[1], g[2], g[3], g[4]), end: ms(g[5], g[6], g[7], g[8]), text: body };
  });
  checkTimes(cues);
  return cues;
}
