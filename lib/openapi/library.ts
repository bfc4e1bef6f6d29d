// The media library, peaks and Studio export routes in the OpenAPI document. Browser routes: the
// signed-in session cookie (security scheme `session`), same-origin writes, errors as
// application/problem+json.
import type { z } from "zod";
import { renameLibrarySchema } from "@/lib/library/manage";
import { LIBRARY_KINDS, libraryQuerySchema } from "@/lib/library/service";
import { exportBodySchema } from "@/lib/studio/export";

type Schema = (s: z.ZodType, io?: "input" | "output") => Record<string, unknown>;

const problem = (description: string) => ({
  description,
  content: {
    "application/problem+json": {
      schema: {
        type: "object",
        required: ["type", "title", "status", "detail"],
        properties: {
          type: { type: "string" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
          requestId: { type: "string" },
          code: {
            type: "string",
            description: "What the browser translates: an error code (e.g. short_video_input) or the kind (not_found…)",
          },
          params: { type: "object", additionalProperties: { type: ["string", "number"] } },
        },
      },
    },
  },
});

const session = { security: [{ session: [] as string[] }] };
const refParam = {
  name: "ref",
  in: "query",
  required: true,
  description: "A MediaRef: `upload:<id>`, `file:<id>` or `material:<id>`",
  schema: { type: "string" },
};

const item = {
  type: "object",
  required: ["ref", "name", "kind", "video", "source", "durationUs", "bytes", "createdAt", "addedBy", "url"],
  properties: {
    ref: { type: "string", description: "The MediaRef naming it (what a Studio clip stores)" },
    name: { type: "string" },
    kind: { type: "string", enum: [...LIBRARY_KINDS] },
    video: { type: "boolean", description: "A video file (its first audio track is what plays)" },
    source: {
      type: "object",
      properties: {
        type: { type: "string", enum: ["file", "link", "short-video", "order", "draft"] },
        id: { type: ["string", "null"], description: "orderNo, draft id or short-video parse id" },
      },
    },
    durationUs: {
      type: ["integer", "null"],
      description: "Decoded length in µs; null while it is being measured (the list measures in the background)",
    },
    bytes: { type: ["integer", "null"] },
    createdAt: { type: "string", format: "date-time" },
    addedBy: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } },
    url: { type: "string", description: "Same-origin signed URL of the file, valid 1 hour" },
  },
};

export function libraryPaths(schema: Schema) {
  const tags = ["Media library (browser session)"];
  return {
    "/api/library": {
      get: {
        tags,
        ...session,
        operationId: "listLibrary",
        summary:
          "The team's media (uploads, links, short-video saves, order results, Studio exports, draft audio), newest first",
        parameters: Object.entries(
          (schema(libraryQuerySchema, "input").properties ?? {}) as Record<string, object>,
        ).map(([name, s]) => ({ name, in: "query", required: false, schema: s })),
        responses: {
          "200": {
            description: "One page; pass nextCursor as cursor for the next (null on the last page)",
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { items: { type: "array", items: item }, nextCursor: { type: ["string", "null"] } },
                },
              },
            },
          },
          "400": problem("Invalid filter or cursor"),
          "401": problem("Not signed in"),
        },
      },
    },
    "/api/library/item": {
      get: {
        tags,
        ...session,
        operationId: "getLibraryItem",
        summary: "One item of the team's library; its duration is measured now if it was not yet",
        parameters: [refParam],
        responses: {
          "200": { description: "The item", content: { "application/json": { schema: item } } },
          "401": problem("Not signed in"),
          "404": problem("Media not found (also another team's)"),
        },
      },
      patch: {
        tags,
        ...session,
        operationId: "renameLibraryItem",
        summary: "Rename an item (an upload keeps its extension; an order result's name is the library's only)",
        requestBody: {
          required: true,
          content: { "application/json": { schema: schema(renameLibrarySchema, "input") } },
        },
        responses: {
          "200": { description: "The renamed item", content: { "application/json": { schema: item } } },
          "400": problem("No name, or a name with / or \\"),
          "401": problem("Not signed in"),
          "404": problem("Media not found (also another team's)"),
        },
      },
      delete: {
        tags,
        ...session,
        operationId: "deleteLibraryItem",
        summary: "Delete an upload or an order result",
        description:
          "Drafts keep their own copy of placed audio; Studio clips of a deleted item stop playing. Without `force`, an item something uses answers 409 with `usages` (see GET /api/library/usages); while an unfinished order reads it, 409 even with `force`. Audio in a draft (`material:`) is removed with its draft: 400.",
        parameters: [
          refParam,
          { name: "force", in: "query", required: false, schema: { type: "string", enum: ["1", "true"] } },
        ],
        responses: {
          "200": { description: "Deleted: `{ deleted, usages }`" },
          "400": problem("Audio in a draft"),
          "401": problem("Not signed in"),
          "404": problem("Media not found (also another team's)"),
          "409": problem("In use (the body's `usages` says by what)"),
        },
      },
    },
    "/api/library/usages": {
      get: {
        tags,
        ...session,
        operationId: "getLibraryUsages",
        summary: "What uses an item: orders made from it, drafts it was placed in, Studio projects with it",
        parameters: [refParam],
        responses: {
          "200": {
            description:
              "`{ ref, orders[{orderNo,title,status}], drafts[{id,name}], projects[{id,name}], blocked, deletable }`",
          },
          "401": problem("Not signed in"),
          "404": problem("Media not found (also another team's)"),
        },
      },
    },
    "/api/library/peaks": {
      get: {
        tags,
        ...session,
        operationId: "getLibraryPeaks",
        summary: "Waveform peaks of a team's media in the waveform-data binary format v2",
        description:
          "8-bit, one channel (a mono mix), at the file's native sample rate. The base level is 256 samples per pixel; coarser levels are 256·2^k. The answer is the coarsest level not coarser than `spp` (its header says which). Parse with `WaveformData.create(arrayBuffer)`. Computed once per file with ffmpeg and cached.",
        parameters: [
          refParam,
          { name: "spp", in: "query", required: false, schema: { type: "integer", minimum: 1, default: 256 } },
        ],
        responses: {
          "200": {
            description: "The .dat bytes; X-Duration-Us carries the decoded length in µs",
            headers: { "X-Duration-Us": { schema: { type: "integer" } } },
            content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
          },
          "400": problem("The file cannot be decoded"),
          "401": problem("Not signed in"),
          "404": problem("Media not found (also another team's)"),
        },
      },
    },
    "/api/studio/projects/{id}/export": {
      post: {
        tags: ["Studio (browser session)"],
        ...session,
        operationId: "exportStudioProject",
        summary: "Render the project's audible clips to one WAV (16-bit, 48 kHz stereo) or MP3 (192 kb/s)",
        description:
          "Queues a free job (no credits held or charged) that renders exactly what the preview plays: volume × linear fades, clips summed without normalisation. Follow it with GET /api/orders/{orderNo} (status, progress, and the file under `stuffs` when finished); the file also appears in the library as kind `export`.",
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        requestBody: { required: true, content: { "application/json": { schema: schema(exportBodySchema, "input") } } },
        responses: {
          "202": {
            description: "Queued",
            content: {
              "application/json": {
                schema: { type: "object", required: ["orderNo"], properties: { orderNo: { type: "string" } } },
              },
            },
          },
          "400": problem("Nothing audible to export, or an invalid format"),
          "401": problem("Not signed in"),
          "404": problem("No such project, or a clip's media is not the team's"),
        },
      },
    },
  };
}
