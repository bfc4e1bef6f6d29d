// Server errors and order failures reach people through codes, in their language: every failure
// code has a reason and a next step in both locales, filled from the params the server records and
// free of internal names; problem codes translate; unknown English never lands on a Chinese page.
import { createTranslator } from "use-intl/core";
import { describe, expect, test } from "vitest";
import en from "@/messages/en.json";
import zhCN from "@/messages/zh-CN.json";
import { ApiError } from "@/components/data/api";
import { failureMessage } from "@/components/orders/use-failure-text";
import { FAILURE_CODES, type FailureParams, parseFailureParams } from "@/lib/contracts/failure";
import { errorMessage } from "./use-error-text";

const LOCALES = { en, "zh-CN": zhCN } as const;
type ErrorsT = Parameters<typeof errorMessage>[0];
const translator = (locale: keyof typeof LOCALES) =>
  createTranslator({ locale, messages: LOCALES[locale], namespace: "errors" }) as unknown as ErrorsT;

/** The params each code is recorded with (lib/jobs/process-order.ts, runner.ts, lifecycle.ts). */
const PARAMS: Partial<Record<(typeof FAILURE_CODES)[number], FailureParams>> = {
  too_long: { minutes: 95, maxMinutes: 60 },
  link_http_status: { status: 404 },
  link_too_large: { mb: 500 },
  timed_out: { minutes: 30 },
  processing_failed: { attempts: 3 },
};
const INTERNAL = /pathKey|upload:|INIT_STATE|ffmpeg|ffprobe|safeFetch|\{|\}|undefined/;

describe.each(Object.keys(LOCALES) as (keyof typeof LOCALES)[])("%s", (locale) => {
  const t = translator(locale);

  test.each(FAILURE_CODES)("failure %s has a reason and a next step", (code) => {
    const { text, hint } = failureMessage(t, locale, { failure: { code, params: PARAMS[code] ?? {} }, reason: "x" });
    for (const s of [text, hint]) {
      expect(s.length).toBeGreaterThan(5);
      expect(s).not.toMatch(INTERNAL);
    }
    // Every param the reason names shows up in it (processing_failed's attempt count is for logs).
    if (code !== "processing_failed")
      for (const value of Object.values(PARAMS[code] ?? {})) expect(text).toContain(String(value));
  });

  test("an order from before codes: English reason on an English page, never on another", () => {
    const legacy = { failure: null, reason: "Could not download pathKey: The link answered HTTP 404" };
    const { text } = failureMessage(t, locale, legacy);
    if (locale === "en") expect(text).toBe(legacy.reason);
    else expect(text).toBe(zhCN.errors.failure.unknown);
    // A reason we know the words of is translated either way.
    expect(failureMessage(t, locale, { failure: null, reason: "The file has no audio track" }).text).toBe(
      LOCALES[locale].errors.noAudio,
    );
  });
});

test("a problem's own code is translated with its params, in each language", () => {
  const error = new ApiError(
    400,
    "douyin: this item is deleted or private (no photo in INIT_STATE)",
    {},
    "short_video_input",
    {
      platform: "douyin",
    },
  );
  expect(errorMessage(translator("zh-CN"), "zh-CN", error)).toBe(
    "抖音：无法读取此链接。请使用公开作品的分享链接，或确认作品仍然存在。",
  );
  expect(errorMessage(translator("en"), "en", error)).toMatch(/^Douyin: this link cannot be read\./);
  const generic = new ApiError(400, "generic: the link answered HTTP 404", {}, "short_video_input", {
    platform: "generic",
  });
  expect(errorMessage(translator("en"), "en", generic)).toMatch(/^This link cannot be read/);
});

test("a kind-only code: English detail on an English page, the kind's translation elsewhere", () => {
  const error = new ApiError(409, "The project was saved by someone else", {}, "conflict");
  expect(errorMessage(translator("en"), "en", error)).toBe("The project was saved by someone else");
  expect(errorMessage(translator("zh-CN"), "zh-CN", error)).toBe(zhCN.errors.codes.conflict);
  // Known English messages are translated before falling back to the kind.
  const known = new ApiError(404, "Order not found", {}, "not_found");
  expect(errorMessage(translator("zh-CN"), "zh-CN", known)).toBe(zhCN.errors.orderNotFound);
  // An error from before codes (or not from our API) passes through as it was.
  expect(errorMessage(translator("zh-CN"), "zh-CN", new Error("offline"))).toBe("offline");
});

test("stored failure params keep numbers and short words only", () => {
  expect(parseFailureParams('{"status":404,"mb":500}')).toEqual({ status: 404, mb: 500 });
  expect(parseFailureParams('{"url":"http://10.0.0.1/a?b=c","ok":"douyin"}')).toEqual({ ok: "douyin" });
  expect(parseFailureParams("not json")).toEqual({});
  expect(parseFailureParams("[1,2]")).toEqual({});
  expect(parseFailureParams(null)).toEqual({});
});
