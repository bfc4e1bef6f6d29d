// Open API short-video contract (zod): the request body and the response, also for the OpenAPI document.
import { z } from "zod";

export const shortVideoAnalyzeSchema = z.object(
  {
    link: z
      .string({ error: (issue) => (issue.input == null ? "link is required" : "link must be a string") })
      .trim()
      .min(1, { error: "link is required" })
      .max(4096, { error: "link is too long" }),
  },
  { error: "link is required" },
);

export const shortVideoAnalyzeResponse = z.object({
  title: z.string().nullable(),
  author: z.string().nullable(),
  cover: z.string().nullable(),
  videoUrl: z.string().nullable().describe("No-watermark video URL; null for photo posts"),
  musicUrl: z.string().nullable().describe("Background music URL, when the platform has one"),
  balance: z.number().int(),
  platform: z
    .enum(["douyin", "kuaishou", "xiaohongshu", "weibo", "bilibili", "tiktok", "generic"])
    .describe("Mixdesk extension"),
  images: z.array(z.string()).optional().describe("Mixdesk extension: images of a photo post"),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe("Mixdesk extension: Referer/User-Agent/Cookie needed to fetch the media"),
  reused: z
    .boolean()
    .optional()
    .describe(
      "Mixdesk extension: true when the team parsed the same link within SHORT_VIDEO_REUSE_HOURS and this is that result, not charged again",
    ),
});

/** The browser's media proxy: which medium of a parse, which image of a photo post, download or inline. */
export const MEDIA_KINDS = ["video", "music", "cover", "image"] as const;
export const mediaQuerySchema = z.object({
  kind: z.enum(MEDIA_KINDS, { error: `kind must be one of ${MEDIA_KINDS.join(", ")}` }),
  index: z.coerce.number().int().min(0).max(99).catch(0).default(0),
  download: z.string().optional(),
});
