// The document's upload-extend rules, without HTTP: which field each bad request names and which
// code (400 or 413) it gets, and the checks that need the audio's length.
import { describe, expect, it } from "vitest";
import { MusicError } from "@/lib/music/errors";
import { checkAgainstAudio, validateUploadExtend } from "@/lib/music/validate";

const base = {
  uploadUrl: "https://example.com/a.mp3",
  defaultParamFlag: true,
  instrumental: true,
  model: "V4_5",
  style: "Jazz",
  title: "T",
};

function failure(body: unknown) {
  try {
    validateUploadExtend(body);
  } catch (error) {
    if (error instanceof MusicError) return { code: error.code, field: error.field };
    throw error;
  }
  return null;
}

describe("validateUploadExtend", () => {
  it("custom + instrumental needs style and title; custom + vocals also prompt; default needs prompt", () => {
    expect(failure(base)).toBeNull();
    expect(failure({ ...base, style: undefined })).toEqual({ code: 400, field: "style" });
    expect(failure({ ...base, title: "  " })).toEqual({ code: 400, field: "title" });
    expect(failure({ ...base, instrumental: false })).toEqual({ code: 400, field: "prompt" });
    expect(failure({ ...base, instrumental: false, prompt: "la la" })).toBeNull();
    expect(failure({ uploadUrl: base.uploadUrl, defaultParamFlag: false, model: "V5" })).toEqual({
      code: 400,
      field: "prompt",
    });
    expect(failure({ uploadUrl: base.uploadUrl, defaultParamFlag: false, model: "V5", prompt: "calmer" })).toBeNull();
    expect(failure({ ...base, uploadUrl: undefined, defaultParamFlag: false, prompt: "p" })).toEqual({
      code: 400,
      field: "uploadUrl",
    });
  });

  it("per-model character limits answer 413 at limit + 1 only", () => {
    expect(failure({ ...base, model: "V3_5", title: "t".repeat(80) })).toBeNull();
    expect(failure({ ...base, model: "V3_5", title: "t".repeat(81) })).toEqual({ code: 413, field: "title" });
    expect(failure({ ...base, model: "V4", style: "s".repeat(201) })).toEqual({ code: 413, field: "style" });
    expect(failure({ ...base, model: "V5", style: "s".repeat(1000) })).toBeNull();
    expect(failure({ ...base, model: "V4_5ALL", title: "t".repeat(81) })).toEqual({ code: 413, field: "title" });
    // Characters, not UTF-16 units or bytes: 80 CJK characters fit V3_5's title.
    expect(failure({ ...base, model: "V3_5", title: "歌".repeat(80) })).toBeNull();
  });

  it("weights in [0, 1] at 0.01 steps, float noise tolerated; vocalGender m|f; models incl. the later names", () => {
    expect(failure({ ...base, styleWeight: 0.29 * 1 })).toBeNull();
    expect(failure({ ...base, styleWeight: 0.1 + 0.2 })).toBeNull(); // 0.30000000000000004
    expect(failure({ ...base, audioWeight: 0.001 })).toEqual({ code: 400, field: "audioWeight" });
    expect(failure({ ...base, weirdnessConstraint: 1.01 })).toEqual({ code: 400, field: "weirdnessConstraint" });
    expect(failure({ ...base, vocalGender: "F" })).toEqual({ code: 400, field: "vocalGender" });
    for (const model of ["V3_5", "V4", "V4_5", "V4_5PLUS", "V5", "V4_5ALL", "V5_5", "V6", "V6_WILD", "V6_MINI"])
      expect(failure({ ...base, model })).toBeNull();
    expect(failure({ ...base, model: "chirp-v3-5" })).toEqual({ code: 400, field: "model" });
  });

  it("audio checks: at most 8 minutes (1 on V4_5ALL), continueAt below the length", () => {
    const input = (model: "V4_5" | "V4_5ALL", continueAt: number | null) => ({ model, continueAt });
    expect(() => checkAgainstAudio(input("V4_5", 60), 480, 480)).not.toThrow();
    expect(() => checkAgainstAudio(input("V4_5", 60), 481, 480)).toThrow(/at most 8 minutes/);
    expect(() => checkAgainstAudio(input("V4_5ALL", 30), 61, 480)).toThrow(/at most 1 minute/);
    expect(() => checkAgainstAudio(input("V4_5", 120), 120, 480)).toThrow(/^continueAt must be less than/);
    expect(() => checkAgainstAudio(input("V4_5", null), 120, 480)).not.toThrow();
  });
});
