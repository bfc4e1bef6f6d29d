import { describe, expect, it } from "vitest";
import { bvidOf } from "./bilibili";
import { douyinId, toNoWatermark } from "./douyin";
import { platformOf } from "./hosts";
import { extractUrl } from "./share-text";
import { tiktokId } from "./tiktok";
import { weiboStatusId } from "./weibo";
import { noteIdOf } from "./xiaohongshu";

describe("extractUrl (share text)", () => {
  it.each([
    [
      "7.43 FuL:/ 标题… https://v.douyin.com/iFDbjn2M/ 复制此链接，打开Dou音搜索，直接观看视频！",
      "https://v.douyin.com/iFDbjn2M/",
    ],
    ["https://v.kuaishou.com/abc123 快手标题，复制打开快手", "https://v.kuaishou.com/abc123"],
    [
      "64 小红书标题 http://xhslink.com/a/AbCdEf，复制本条信息，打开【小红书】App查看精彩内容！",
      "http://xhslink.com/a/AbCdEf",
    ],
    ["【B站标题】 https://b23.tv/xYz12Ab", "https://b23.tv/xYz12Ab"],
    [
      "see https://www.tiktok.com/@a/video/7400000000000000001?lang=en.",
      "https://www.tiktok.com/@a/video/7400000000000000001?lang=en",
    ],
    ["https://www.bilibili.com/video/BV1xx411c7mD?p=2", "https://www.bilibili.com/video/BV1xx411c7mD?p=2"],
  ])("%s", (text, url) => {
    expect(extractUrl(text)?.toString()).toBe(url);
  });

  it("returns null when there is no URL", () => {
    expect(extractUrl("7.43 FuL:/ 只有标题 复制此链接，打开Dou音搜索")).toBeNull();
    expect(extractUrl("")).toBeNull();
    expect(extractUrl("ftp://example.com/a")).toBeNull();
  });
});

describe("link forms", () => {
  it("classifies hosts", () => {
    expect(platformOf(new URL("https://v.douyin.com/x/"))).toBe("douyin");
    expect(platformOf(new URL("https://www.iesdouyin.com/share/video/1/"))).toBe("douyin");
    expect(platformOf(new URL("https://v.m.chenzhongtech.com/fw/photo/3x"))).toBe("kuaishou");
    expect(platformOf(new URL("http://xhslink.cn/o/abc"))).toBe("xiaohongshu");
    expect(platformOf(new URL("https://m.weibo.cn/status/123"))).toBe("weibo");
    expect(platformOf(new URL("https://b23.tv/abc"))).toBe("bilibili");
    expect(platformOf(new URL("https://vm.tiktok.com/abc"))).toBe("tiktok");
    expect(platformOf(new URL("https://example.com/video"))).toBe("generic");
    expect(platformOf(new URL("https://notdouyin.com/x"))).toBe("generic");
  });

  it("reads ids", () => {
    expect(douyinId(new URL("https://www.iesdouyin.com/share/video/7300000000000000001/?region=CN"))).toBe(
      "7300000000000000001",
    );
    expect(douyinId(new URL("https://www.douyin.com/note/7300000000000000002"))).toBe("7300000000000000002");
    expect(douyinId(new URL("https://www.douyin.com/jingxuan?modal_id=7300000000000000003"))).toBe(
      "7300000000000000003",
    );
    expect(douyinId(new URL("https://www.douyin.com/user/abc"))).toBeNull();
    expect(toNoWatermark("https://aweme.snssdk.com/aweme/v1/playwm/?video_id=v0&ratio=720p")).toBe(
      "https://aweme.snssdk.com/aweme/v1/play/?video_id=v0&ratio=720p",
    );
    expect(bvidOf(new URL("https://www.bilibili.com/video/BV1xx411c7mD?p=3"))).toEqual({
      bvid: "BV1xx411c7mD",
      page: 3,
    });
    expect(bvidOf(new URL("https://live.bilibili.com/123"))).toBeNull();
    expect(tiktokId(new URL("https://www.tiktok.com/@a/photo/7400000000000000009"))).toBe("7400000000000000009");
    expect(weiboStatusId(new URL("https://weibo.com/1234567/OkVideo001"))).toBe("OkVideo001");
    expect(weiboStatusId(new URL("https://m.weibo.cn/detail/4900000000000000"))).toBe("4900000000000000");
    expect(noteIdOf(new URL("https://www.xiaohongshu.com/explore/64a1b2c3d4e5f6a7b8c9d0e1?xsec_token=x"))).toBe(
      "64a1b2c3d4e5f6a7b8c9d0e1",
    );
  });
});
