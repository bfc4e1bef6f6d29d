// Studio's JSON routes in the OpenAPI document (lib/contracts/studio.ts). They are the browser's
// API: signed-in session cookie, same-origin writes, errors as application/problem+json.
import type { z } from "zod";
import {
  applySchema,
  createProjectSchema,
  fromDraftSchema,
  renameProjectSchema,
  saveTimelineSchema,
  versionConflictBody,
} from "@/lib/contracts/studio";

type Schema = (s: z.ZodType, io?: "input" | "output") => Record<string, unknown>;

const TAG = "Studio (browser session)";

const problemBody = {
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
    fields: { type: "object", additionalProperties: { type: "string" } },
  },
};

const problems = (byStatus: Record<string, string>) =>
  Object.fromEntries(
    Object.entries({ "401": "Not signed in", ...byStatus }).map(([status, description]) => [
      status,
      { description, content: { "application/problem+json": { schema: problemBody } } },
    ]),
  );

const json = (description: string, schema: Record<string, unknown> = { type: "object" }) => ({
  description,
  content: { "application/json": { schema } },
});

const idParam = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];
const body = (schema: Record<string, unknown>) => ({ required: true, content: { "application/json": { schema } } });
const op = <T extends { operationId: string; summary: string }>(o: T) => ({
  tags: [TAG],
  security: [{ session: [] as string[] }],
  ...o,
});

export function studioPaths(schema: Schema) {
  return {
    "/api/studio/projects": {
      get: op({
        operationId: "listStudioProjects",
        summary: "The team's Studio projects, most recently changed first (without timelines)",
        responses: { "200": json("{projects: [...]}"), ...problems({}) },
      }),
      post: op({
        operationId: "createStudioProject",
        summary: "Create a project (an empty track unless a timeline is given)",
        requestBody: body(schema(createProjectSchema, "input")),
        responses: {
          "201": json("The project with its timeline and version 0"),
          ...problems({ "400": "Invalid name or timeline", "404": "Media not found (a ref not of this team)" }),
        },
      }),
    },
    "/api/studio/projects/{id}": {
      get: op({
        operationId: "getStudioProject",
        summary: "One project: name, timeline (StudioTimeline, integer µs), version, who saved last and when",
        description:
          "Also `captions`: the caption (text) tracks of the project's draft, read-only and not part of the timeline — `[{id, cues: [{id, start, duration, text}]}]`, times in µs; empty when the project has no draft. Applying in replace mode keeps them.",
        parameters: idParam,
        responses: { "200": json("The project"), ...problems({ "404": "No such Studio project" }) },
      }),
      patch: op({
        operationId: "renameStudioProject",
        summary: "Rename (not a timeline change: the version stays)",
        parameters: idParam,
        requestBody: body(schema(renameProjectSchema, "input")),
        responses: {
          "200": json("The project"),
          ...problems({ "400": "Invalid name", "404": "No such Studio project" }),
        },
      }),
      delete: op({
        operationId: "deleteStudioProject",
        summary: "Delete the project (drafts it was applied to stay)",
        parameters: idParam,
        responses: { "200": json("{deleted: true}"), ...problems({ "404": "No such Studio project" }) },
      }),
    },
    "/api/studio/projects/{id}/timeline": {
      put: op({
        operationId: "saveStudioTimeline",
        summary: "Save the timeline if the project is still at baseVersion (compare-and-set)",
        description:
          "The server normalizes the timeline (times clamped to the media, fades within clips, no overlaps on a track) and checks every media ref new to the project against the team. Answers `{version, savedAt}`, plus `timeline` when normalizing changed what was sent. A baseVersion older than the stored one answers 409 with `currentVersion`, `savedBy` and `savedAt`; nothing is written. To overwrite, save again with baseVersion = currentVersion.",
        parameters: idParam,
        requestBody: body(schema(saveTimelineSchema, "input")),
        responses: {
          "200": json("Saved"),
          "409": {
            description: "A teammate saved in between",
            content: { "application/problem+json": { schema: schema(versionConflictBody) } },
          },
          ...problems({ "400": "Invalid timeline", "404": "No such Studio project | Media not found" }),
        },
      }),
    },
    "/api/studio/projects/{id}/apply": {
      post: op({
        operationId: "applyStudioProject",
        summary: "Write the project's audible clips into a new or existing JianYing draft",
        description:
          "Through the same writer as POST /v1/add_audios: one draft track per audible Studio track (mute/solo applied), each clip's start, length, source in-point (source_timerange.start), volume and fades. `replace` swaps the draft's audio tracks in one compare-and-set; `append` adds tracks. Library media are copied (or hard-linked) into the draft folder. Every media ref is checked against the team first: another team's is 404 Media not found and nothing is written. Answers `{draftId, draftUrl, trackIds, audioIds, warnings}`.",
        parameters: idParam,
        requestBody: body(schema(applySchema, "input")),
        responses: {
          "200": json("The draft written"),
          ...problems({
            "400": "Invalid target or mode",
            "404": "No such Studio project | No such draft | Media not found",
          }),
        },
      }),
    },
    "/api/studio/projects/{id}/audio-infos": {
      get: op({
        operationId: "studioAudioInfos",
        summary: "add_audios' audio_infos for the project, with signed media URLs (valid 1 hour)",
        description:
          "`audio_infos` (array) and `audio_infos_json` (the string add_audios takes): the spec's fields in integer µs, `duration` the media's full length, plus the Mixdesk extension `source_start` for left-trimmed clips. `draft_url` is the draft the project was loaded from or last applied to.",
        parameters: idParam,
        responses: {
          "200": json("The audio_infos"),
          ...problems({ "404": "No such Studio project | Media not found" }),
        },
      }),
    },
    "/api/studio/from-draft": {
      post: op({
        operationId: "studioProjectFromDraft",
        summary: "A new project holding a draft's audio tracks (media as `material:<id>` refs)",
        requestBody: body(schema(fromDraftSchema, "input")),
        responses: { "201": json("The project"), ...problems({ "400": "Not a draft id", "404": "No such draft" }) },
      }),
    },
  };
}

/** The session cookie next-auth sets on sign-in (`__Secure-` prefixed on https). */
export const sessionScheme = {
  type: "apiKey",
  in: "cookie",
  name: "next-auth.session-token",
  description: "The browser session of a signed-in user; writes must be same-origin JSON requests",
};
