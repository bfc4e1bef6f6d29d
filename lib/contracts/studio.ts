// Studio's browser API contract (session routes under /api/studio): request bodies the routes
// parse and the OpenAPI document describes. The timeline document itself is lib/studio/schema.ts.
import { z } from "zod";
import { studioTimelineSchema } from "@/lib/studio/schema";

const name = z
  .string({ error: "Give the project a name" })
  .trim()
  .min(1, { error: "Give the project a name" })
  .max(200, { error: "Names are at most 200 characters" });

const draftId = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{32}$/, { error: "Not a draft id" })
  .describe("A draft id (32 hex digits, the draft_id of its draft_url)");

export const createProjectSchema = z.object({
  name,
  timeline: studioTimelineSchema.optional().describe("Start from this timeline (default: one empty track)"),
});

export const renameProjectSchema = z.object({ name });

export const saveTimelineSchema = z.object({
  timeline: studioTimelineSchema,
  baseVersion: z
    .int()
    .min(0)
    .describe("The version this timeline was edited from; to overwrite after a 409, the conflict's currentVersion"),
});

const canvas = z.object({
  width: z.int().min(1).max(8192).default(1920),
  height: z.int().min(1).max(8192).default(1080),
});

export const applySchema = z.union([
  z.object({ draftId, mode: z.enum(["replace", "append"]).default("replace") }),
  z.object({ newDraft: canvas, mode: z.enum(["replace", "append"]).default("replace") }),
]);

export const fromDraftSchema = z.object({ draftId, name: name.optional() });

/** The 409 body of a stale save (problem+json with these extension members). */
export const versionConflictBody = z.object({
  type: z.string(),
  title: z.literal("Conflict"),
  status: z.literal(409),
  detail: z.string(),
  currentVersion: z.int().describe("The version now stored"),
  savedBy: z.object({ id: z.string(), name: z.string() }).describe("Who saved it"),
  savedAt: z.string().describe("When (ISO 8601)"),
});

/** Largest timeline body: 5,000 clips of a few hundred bytes each, with room to spare. */
export const MAX_TIMELINE_BODY_BYTES = 8 * 1024 * 1024;
