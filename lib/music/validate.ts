// The upload-extend rules of specs/upload-extend-api.md, checked in the document's order. Where the
// vendor pages disagree (research/suno-extend.md §5) the reading chosen is noted beside the check;
// README "Music API" lists them all. Checks that need the audio (its length, continueAt < length)
// are in lib/music/input.ts.
import {
  MODEL_LIMITS,
  MUSIC_MODELS,
  type MusicModel,
  type UploadExtendBody,
  type UploadExtendInput,
} from "@/lib/contracts/music";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { MusicError, musicBad, musicTooLong } from "@/lib/music/errors";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null;
const blank = (v: unknown) => !present(v) || (typeof v === "string" && v.trim() === "");

function optionalString(body: Record<string, unknown>, field: string): string | null {
  const v = body[field];
  if (!present(v)) return null;
  if (typeof v !== "string") throw musicBad(field, `${field} must be a string`);
  return v.trim() === "" ? null : v;
}

function optionalBoolean(body: Record<string, unknown>, field: string): boolean | null {
  const v = body[field];
  if (!present(v)) return null;
  if (typeof v !== "boolean") throw musicBad(field, `${field} must be true or false`);
  return v;
}

/** 0 ≤ x ≤ 1 in steps of 0.01 (the document's `multipleOf: 0.01`, tolerant of float noise). */
function weight(body: Record<string, unknown>, field: string): number | null {
  const v = body[field];
  if (!present(v)) return null;
  if (typeof v !== "number" || !Number.isFinite(v)) throw musicBad(field, `${field} must be a number between 0 and 1`);
  if (v < 0 || v > 1) throw musicBad(field, `${field} must be between 0 and 1`);
  if (Math.abs(v * 100 - Math.round(v * 100)) > 1e-6) throw musicBad(field, `${field} must be a multiple of 0.01`);
  return Math.round(v * 100) / 100;
}

const isLink = (v: string) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v);

export function validateUploadExtend(raw: unknown): UploadExtendInput {
  if (!isObject(raw)) throw musicBad("body", "Request body must be a JSON object");
  const body = raw as UploadExtendBody & Record<string, unknown>;

  // uploadUrl: always required, whatever defaultParamFlag says.
  if (blank(body.uploadUrl)) throw musicBad("uploadUrl", "uploadUrl is required");
  if (typeof body.uploadUrl !== "string") throw musicBad("uploadUrl", "uploadUrl must be a string");
  const uploadUrl = body.uploadUrl.trim();
  if (uploadUrl.length > 4096) throw musicBad("uploadUrl", "uploadUrl is too long");
  if (!uploadUrl.startsWith(UPLOAD_PREFIX) && !isLink(uploadUrl)) {
    throw musicBad("uploadUrl", "uploadUrl must be an http(s) URL of an audio file");
  }

  // defaultParamFlag: required (both vendors' schemas list it).
  if (!present(body.defaultParamFlag)) throw musicBad("defaultParamFlag", "defaultParamFlag is required");
  if (typeof body.defaultParamFlag !== "boolean")
    throw musicBad("defaultParamFlag", "defaultParamFlag must be true or false");
  const custom = body.defaultParamFlag;

  // model: required, the documented names and the later ones.
  if (blank(body.model)) throw musicBad("model", "model is required");
  if (typeof body.model !== "string" || !(MUSIC_MODELS as readonly string[]).includes(body.model)) {
    throw musicBad("model", `model must be one of ${MUSIC_MODELS.join(", ")}`);
  }
  const model = body.model as MusicModel;

  // instrumental: optional (sunoapi.org), false when absent.
  const instrumental = optionalBoolean(body, "instrumental") ?? false;
  const prompt = optionalString(body, "prompt");
  const style = optionalString(body, "style");
  const title = optionalString(body, "title");
  const negativeTags = optionalString(body, "negativeTags");

  if (custom) {
    // Custom mode: style and title; prompt too unless instrumental (it is then the exact lyrics).
    if (!style) throw musicBad("style", "style is required when defaultParamFlag is true");
    if (!title) throw musicBad("title", "title is required when defaultParamFlag is true");
    if (!instrumental && !prompt)
      throw musicBad("prompt", "prompt is required when defaultParamFlag is true and instrumental is false");
  } else if (!prompt) {
    // Default mode: the guide's reading (uploadUrl and prompt), not the field notes' (uploadUrl only).
    throw musicBad("prompt", "prompt is required when defaultParamFlag is false");
  }

  const limits = MODEL_LIMITS[model];
  for (const [field, value] of [
    ["prompt", prompt],
    ["style", style],
    ["title", title],
  ] as const) {
    const max = limits[field];
    if (value && [...value].length > max)
      throw musicTooLong(field, `${field} is too long for ${model}: at most ${max} characters`);
  }

  // continueAt: optional (extend from the end when absent); when given, > 0 here and < length later.
  let continueAt: number | null = null;
  if (present(body.continueAt)) {
    if (typeof body.continueAt !== "number" || !Number.isFinite(body.continueAt))
      throw musicBad("continueAt", "continueAt must be a number of seconds");
    if (body.continueAt <= 0) throw musicBad("continueAt", "continueAt must be greater than 0");
    continueAt = body.continueAt;
  }

  const vocalGender = optionalString(body, "vocalGender");
  if (vocalGender !== null && vocalGender !== "m" && vocalGender !== "f")
    throw musicBad("vocalGender", "vocalGender must be m or f");

  let callBackUrl: string | null = null;
  if (!blank(body.callBackUrl)) {
    if (typeof body.callBackUrl !== "string" || !isLink(body.callBackUrl.trim()))
      throw musicBad("callBackUrl", "callBackUrl must be an http(s) URL");
    if (body.callBackUrl.length > 2048) throw musicBad("callBackUrl", "callBackUrl is too long");
    callBackUrl = body.callBackUrl.trim();
  }

  return {
    uploadUrl,
    defaultParamFlag: custom,
    model,
    callBackUrl,
    instrumental,
    prompt,
    style,
    title,
    continueAt,
    negativeTags,
    vocalGender: vocalGender as "m" | "f" | null,
    styleWeight: weight(body, "styleWeight"),
    weirdnessConstraint: weight(body, "weirdnessConstraint"),
    audioWeight: weight(body, "audioWeight"),
  };
}

/** The checks that need the audio's measured length (seconds). */
export function checkAgainstAudio(
  input: Pick<UploadExtendInput, "model" | "continueAt">,
  durationSec: number,
  maxInputSec: number,
) {
  const max = Math.min(maxInputSec, MODEL_LIMITS[input.model].maxInputSec ?? Infinity);
  if (durationSec > max + 0.5) {
    throw new MusicError(
      400,
      `uploadUrl: the audio is ${durationSec.toFixed(1)} s long; ${input.model} accepts at most ${formatMinutes(max)}`,
      "uploadUrl",
    );
  }
  if (input.continueAt !== null && input.continueAt >= durationSec) {
    throw new MusicError(
      400,
      `continueAt must be less than the audio's length (${durationSec.toFixed(1)} s)`,
      "continueAt",
    );
  }
}

const formatMinutes = (sec: number) =>
  sec % 60 === 0 ? `${sec / 60} minute${sec === 60 ? "" : "s"}` : `${sec} seconds`;
