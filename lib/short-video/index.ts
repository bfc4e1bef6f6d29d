// The short-video parser: share text → first URL → extractor by host → result.
import { bilibili } from "./bilibili";
import { douyin } from "./douyin";
import { generic } from "./generic";
import { platformOf } from "./hosts";
import { kuaishou } from "./kuaishou";
import { extractUrl } from "./share-text";
import { tiktok } from "./tiktok";
import { ShortVideoError, inputError, type Extractor, type Platform, type ShortVideoResult } from "./types";
import { weibo } from "./weibo";
import { xiaohongshu } from "./xiaohongshu";

export * from "./types";
export { extractUrl } from "./share-text";

const EXTRACTORS: Record<Platform, Extractor> = { douyin, kuaishou, xiaohongshu, weibo, bilibili, tiktok, generic };

/** Parses share text or a link. Throws ShortVideoError (logged with platform and data source). */
export async function parseShortVideo(text: string): Promise<ShortVideoResult> {
  const url = extractUrl(text);
  if (!url) throw inputError("link", "share text", "no http(s) URL was found in the text");
  const platform = platformOf(url);
  try {
    return await EXTRACTORS[platform].extract(url);
  } catch (error) {
    if (error instanceof ShortVideoError) {
      console.warn(
        `[short-video] failed platform=${error.platform} source="${error.source}" kind=${error.failure}: ${error.message}`,
      );
      throw error;
    }
    console.warn(`[short-video] failed platform=${platform} source="extractor" kind=crash`, error);
    throw new ShortVideoError("source", platform, "extractor", `${platform}: the extractor failed unexpectedly`);
  }
}
