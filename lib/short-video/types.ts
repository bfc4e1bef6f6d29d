// The short-video parser's shared shapes: one extractor per platform, one result, one error type
// that names the platform and the data source that failed.
import { AppError } from "@/lib/errors";

export const PLATFORMS = ["douyin", "kuaishou", "xiaohongshu", "weibo", "bilibili", "tiktok", "generic"] as const;
export type Platform = (typeof PLATFORMS)[number];

export type ShortVideoResult = {
  platform: Platform;
  title: string | null;
  author: string | null;
  cover: string | null;
  /** No-watermark video URL (null for photo posts without a clip). */
  videoUrl: string | null;
  /** Background music / audio track URL, when the source has one. */
  musicUrl: string | null;
  /** Photo posts: the images, in order. */
  images?: string[];
  /** The Referer / User-Agent (and cookies) a client needs to fetch the media. */
  headers?: Record<string, string>;
};

/**
 * `input`: the user's link or text is unusable (no URL, unsupported, resolves to nothing,
 * deleted/private) → 400. `source`: a platform data source failed (error, captcha, empty body,
 * changed page shape) → an upstream failure (the Open API answers 500, the spec's only server-side
 * code; the browser API 502).
 */
export type ShortVideoErrorKind = "input" | "source";

export class ShortVideoError extends AppError {
  constructor(
    readonly failure: ShortVideoErrorKind,
    readonly platform: string,
    readonly source: string,
    message: string,
  ) {
    super(
      failure === "input" ? "bad_request" : "upstream_failed",
      message,
      failure === "input" ? { link: message } : undefined,
      // The message names the page's internals (for logs); people get the code, translated.
      // ("link" is the platform of a text with no URL in it at all.)
      {
        code:
          failure === "source"
            ? "short_video_source"
            : platform === "link"
              ? "short_video_no_link"
              : "short_video_input",
        params: { platform },
      },
    );
    this.name = "ShortVideoError";
  }
}

export const inputError = (platform: string, source: string, what: string) =>
  new ShortVideoError("input", platform, source, `${label(platform)}: ${what}`);
export const sourceError = (platform: string, source: string, what: string) =>
  new ShortVideoError("source", platform, source, `${label(platform)}: ${what}`);

const LABELS: Record<string, string> = {
  douyin: "Douyin",
  kuaishou: "Kuaishou",
  xiaohongshu: "Xiaohongshu",
  weibo: "Weibo",
  bilibili: "Bilibili",
  tiktok: "TikTok",
  generic: "Generic page",
  link: "Share text",
};
export const label = (platform: string) => LABELS[platform] ?? platform;

export interface Extractor {
  platform: Platform;
  /** `url` is the first URL of the pasted text, already classified as this platform's. */
  extract(url: URL): Promise<ShortVideoResult>;
}
