import { describe, expect, it } from "vitest";
import { contentDisposition, downloadName, orderTitle, titleFromSource } from "@/lib/orders/download-name";

describe("download names", () => {
  it("names a result after the work: <title> - vocals.mp3, the order number when untitled", () => {
    expect(downloadName({ title: "Summer Song", orderNo: "A1" }, { name: "vocals.mp3" })).toBe(
      "Summer Song - vocals.mp3",
    );
    expect(downloadName({ title: null, orderNo: "Xq3abc" }, { name: "accompaniment.mp3" })).toBe(
      "Xq3abc - accompaniment.mp3",
    );
    expect(downloadName({ title: "  a/b:c?  ", orderNo: "A1" }, { name: "transcript.srt" })).toBe(
      "a b c - transcript.srt",
    );
    expect(orderTitle({ title: "   ", orderNo: "A1" })).toBe("A1");
  });

  it("takes the title from the uploaded file, else the link's file name", () => {
    expect(titleFromSource("upload:abc", "我的歌.m4a")).toBe("我的歌");
    expect(titleFromSource("https://cdn.example.com/a/My%20Track.mp3?x=1")).toBe("My Track");
    expect(titleFromSource("https://example.com/")).toBeNull();
    expect(titleFromSource("not a url")).toBeNull();
  });

  it("writes an RFC 5987 filename* for names that are not ASCII, a plain filename otherwise", () => {
    expect(contentDisposition("song - vocals.mp3")).toBe('attachment; filename="song - vocals.mp3"');
    const header = contentDisposition("我的歌 - vocals.mp3", "inline");
    expect(header).toBe(
      `inline; filename="___ - vocals.mp3"; filename*=UTF-8''${encodeURIComponent("我的歌 - vocals.mp3")}`,
    );
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe("我的歌 - vocals.mp3");
  });
});
