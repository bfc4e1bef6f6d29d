// The OpenAPI 3.1 description of Mixdesk's public API, built from the same zod contracts the route
// handlers parse with, so the two cannot drift.
import { z } from "zod";
import { draftComponents, draftPaths } from "@/lib/openapi/drafts";
import { musicPaths, musicWebhooks } from "@/lib/openapi/music";
import { sessionScheme, studioPaths } from "@/lib/openapi/studio";
import { libraryPaths } from "@/lib/openapi/library";
import { relaysPaths } from "@/lib/openapi/relays";
import { shortVideoAnalyzeResponse, shortVideoAnalyzeSchema } from "@/lib/contracts/short-video";
import {
  createOrderResponse,
  createOrderSchema,
  envelope,
  queryOrderResponse,
  ORDER_TYPES,
  ORDER_STATUSES,
} from "@/lib/contracts/orders";

const schema = (s: z.ZodType, io: "input" | "output" = "output") =>
  z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;

const errorEnvelope = (msgs: string[], code = 400) => ({
  type: "object",
  required: ["code", "data", "msg"],
  properties: {
    code: { type: "integer", examples: [code] },
    data: { type: "null" },
    msg: { type: "string", examples: msgs },
  },
});

const openErrors = (extra400: string[]) => ({
  "400": { description: "Bad request", content: { "application/json": { schema: errorEnvelope(extra400) } } },
  "401": {
    description: "Missing or invalid API key",
    content: { "application/json": { schema: errorEnvelope(["API Key is required", "Invalid API Key"], 401) } },
  },
  "500": {
    description: "Server error",
    content: { "application/json": { schema: errorEnvelope(["Internal server error"], 500) } },
  },
});

export function openApiDocument(baseUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Mixdesk API",
      version: "1.0.0",
      description:
        'Open API v1, compatible with the YinziAI open platform: create separation and text-extraction orders, poll them, download results. The JianYing draft API (/v1/…) builds 剪映 drafts with audio and answers errors as `{"detail": "…"}`. The Music API (/api/v1/generate/…) is sunoapi.org-compatible upload-extend with `{code, msg, data}` and signed callbacks. Every route takes an API key as `Authorization: Bearer <key>` or `?apiKey=<key>`, except the Studio routes (/api/studio/…), which belong to the web app and take the signed-in session cookie.',
    },
    servers: [{ url: baseUrl }],
    security: [{ bearer: [] }, { apiKeyQuery: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "A Mixdesk API key (mxk_…)" },
        apiKeyQuery: { type: "apiKey", in: "query", name: "apiKey" },
        session: sessionScheme,
      },
      schemas: draftComponents(schema),
    },
    paths: {
      "/api/open/v1/order/create": {
        post: {
          operationId: "createOrder",
          summary: "Create an order",
          description: `Holds the base price of the order type, then processes it asynchronously. orderType is one of ${ORDER_TYPES.join(", ")}. pathKey is an http(s) link, or \`upload:<id>\` for a file uploaded in the browser. An optional \`Idempotency-Key\` header makes retries safe: the same key and body return the same order; the same key with another body is a 400.`,
          parameters: [
            { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 200 } },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: schema(createOrderSchema, "input") } },
          },
          responses: {
            "200": {
              description: "Order created",
              content: { "application/json": { schema: schema(envelope(createOrderResponse)) } },
            },
            ...openErrors([
              "pathKey is required",
              "orderType is required",
              "Request body is not valid JSON",
              "ErrorCode.USER_BLANCE_NOT_ENOUGH",
            ]),
          },
        },
      },
      "/api/open/v1/order/query": {
        get: {
          operationId: "queryOrder",
          summary: "Query an order",
          description: `Status is one of ${ORDER_STATUSES.join(", ")}. The first query after the order finishes charges its price (cost) and shows the new balance. stuffs[].url links are valid for 1 hour; query again for fresh ones. progress (0–1) and payStatus are Mixdesk extensions. An extract-text order finishes with four stuffs: transcript.txt (business \`text\`), subtitles.srt (\`srt\`), subtitles.vtt (\`vtt\`) and transcript.json (\`transcript\`: \`{version: 1, language, engine, durationSec, segments: [{start, end, text}]}\`, times in seconds, segments sorted and non-overlapping; engine names what produced it: \`subtitles:<codec>\`, \`openai:<model>\` or \`pocketsphinx\`); its query answer also carries \`text\`, the transcript inline (Mixdesk extension). An extract-text order that no engine can serve fails uncharged with a reason naming what to configure.`,
          parameters: [{ name: "orderNo", in: "query", required: true, schema: { type: "string" } }],
          responses: {
            "200": {
              description: "The order",
              content: { "application/json": { schema: schema(envelope(queryOrderResponse)) } },
            },
            ...openErrors(["orderNo is required", "Order not found"]),
          },
        },
      },
      "/api/open/v1/account/balance": {
        get: {
          operationId: "getBalance",
          summary: "Credits of the key's user (Mixdesk extension)",
          responses: {
            "200": {
              description: "Balance",
              content: {
                "application/json": {
                  schema: schema(envelope(z.object({ balance: z.int(), held: z.int(), team: z.string() }))),
                },
              },
            },
            ...openErrors([]),
          },
        },
      },
      "/api/open/v1/short-video/analyze": {
        post: {
          operationId: "analyzeShortVideo",
          summary: "Parse a short-video share link",
          description:
            "Takes what a share button gives (text with a link) or a plain link from Douyin, Kuaishou, Xiaohongshu, Weibo, Bilibili, TikTok, or any page with a video / a direct media link. Answers title, author, cover, a no-watermark videoUrl and musicUrl. Charged at once (the admin-set `short-video` price) and only on success; the same link parsed again by the team within SHORT_VIDEO_REUSE_HOURS (default 24) answers the earlier result uncharged (`reused: true`). Extensions: `reused`, `platform`, `images` (photo posts), `headers` (Referer/User-Agent/Cookie the media CDN needs). A platform data source that fails (error, captcha, empty body, changed page shape) answers HTTP 500 `{code:500}` (the spec's server-error code) with a message naming the platform and the source; nothing is charged.",
          requestBody: {
            required: true,
            content: { "application/json": { schema: schema(shortVideoAnalyzeSchema, "input") } },
          },
          responses: {
            "200": {
              description: "Parsed",
              content: { "application/json": { schema: schema(envelope(shortVideoAnalyzeResponse)) } },
            },
            ...openErrors([
              "link is required",
              "Share text: no http(s) URL was found in the text",
              "Douyin: this item is deleted or private (…)",
              "ErrorCode.USER_BLANCE_NOT_ENOUGH",
            ]),
            "500": {
              description: "A platform data source failed",
              content: {
                "application/json": { schema: errorEnvelope(["Douyin: the share page returned a captcha"], 500) },
              },
            },
          },
        },
      },
      ...draftPaths(schema),
      ...musicPaths(schema),
      ...studioPaths(schema),
      ...libraryPaths(schema),
      ...relaysPaths(schema),
    },
    webhooks: musicWebhooks,
  };
}
