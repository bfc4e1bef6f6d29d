// The platforms' public hosts (matched by suffix). Pure and browser-safe: the parser maps hosts with
// it, and New order uses it to point a pasted short-video page to the Short video page.
import type { Platform } from "./types";

export const PLATFORM_SUFFIXES: [Platform, string[]][] = [
  ["douyin", ["douyin.com", "iesdouyin.com", "snssdk.com", "douyinvod.com"]],
  ["kuaishou", ["kuaishou.com", "chenzhongtech.com", "gifshow.com"]],
  ["xiaohongshu", ["xiaohongshu.com", "xhslink.com", "xhslink.cn"]],
  ["weibo", ["weibo.com", "weibo.cn"]],
  ["bilibili", ["bilibili.com", "b23.tv", "bili2233.cn"]],
  ["tiktok", ["tiktok.com"]],
];

/** The short-video platform whose page a URL is, or null (a plain media link, or not a URL). */
export function knownPlatform(raw: string): Platform | null {
  let host: string;
  try {
    host = new URL(raw.trim()).hostname.toLowerCase();
  } catch {
    return null;
  }
  for (const [platform, suffixes] of PLATFORM_SUFFIXES) {
    if (suffixes.some((s) => host === s || host.endsWith(`.${s}`))) return platform;
  }
  return null;
}
