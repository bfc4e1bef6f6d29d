// Captions into a draft: add_captions over HTTP and "Send to a draft" from the order page both
// write here. Each call adds one text track (Timeline.texts) in a compare-and-set on Draft.version,
// retried when another writer got there first, so concurrent calls all land and audio writers
// (lib/drafts/writer.ts) keep the caption tracks they never look at.
import "server-only";
import { db } from "@/lib/db";
import { parseCaptions, parseStyle, type Cue } from "@/lib/drafts/caption-infos";
import { DraftError } from "@/lib/drafts/errors";
import { findDraft, type Actor } from "@/lib/drafts/service";
import type { CaptionStyle, TextTrack } from "@/lib/drafts/text-track";
import { newId, parseTimeline } from "@/lib/drafts/timeline";
import { AppError } from "@/lib/errors";

const MAX_ATTEMPTS = 200;

export type CaptionTrackResult = {
  trackId: string;
  /** Per cue, in the order given: its segment and text material ids and where it sits, µs. */
  placed: { index: number; segmentId: string; materialId: string; start: number; end: number }[];
};

/** Appends one caption track to the draft. `cues` must be sorted and non-overlapping (parseCaptions). */
export async function writeCaptionTrack(
  draftId: string,
  cues: Cue[],
  style: CaptionStyle,
): Promise<CaptionTrackResult> {
  const track: TextTrack = {
    id: newId(),
    style,
    segments: cues.map((c) => ({
      id: newId(),
      materialId: newId(),
      speedId: newId(),
      start: c.start,
      duration: c.end - c.start,
      text: c.text,
    })),
  };
  for (let attempt = 1; ; attempt++) {
    const current = await db.draft.findUniqueOrThrow({
      where: { id: draftId },
      select: { version: true, timeline: true },
    });
    const timeline = parseTimeline(current.timeline);
    timeline.texts = [...(timeline.texts ?? []), track];
    const { count } = await db.draft.updateMany({
      where: { id: draftId, version: current.version },
      data: { version: { increment: 1 }, timeline: JSON.stringify(timeline) },
    });
    if (count === 1) break;
    if (attempt >= MAX_ATTEMPTS) throw new Error("The draft kept changing; captions not written");
    await new Promise((r) => setTimeout(r, Math.min(50, attempt * 2) * Math.random()));
  }
  return {
    trackId: track.id,
    placed: cues
      .map((c, i) => ({
        index: c.index,
        segmentId: track.segments[i].id,
        materialId: track.segments[i].materialId,
        start: c.start,
        end: c.end,
      }))
      .sort((a, b) => a.index - b.index),
  };
}

export type AddCaptionsResult = {
  draft_url: string;
  track_id: string;
  text_ids: string[];
  segment_ids: string[];
  segment_infos: { id: string; start: number; end: number }[];
  warnings?: string[];
};

/** POST /v1/add_captions: validates captions and style, then adds one text track to the team's draft. */
export async function addCaptions(
  actor: Actor,
  draftUrl: string,
  captions: unknown,
  styleRaw: unknown,
): Promise<AddCaptionsResult> {
  const { cues, warnings } = parseCaptions(captions);
  const { style, warnings: styleWarnings } = parseStyle(styleRaw);
  const draft = await findDraft(actor, draftUrl);
  let written: CaptionTrackResult;
  try {
    written = await writeCaptionTrack(draft.id, cues, style);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new DraftError("captionsFailed", error);
  }
  const all = [...warnings, ...styleWarnings];
  return {
    draft_url: draftUrl,
    track_id: written.trackId,
    text_ids: written.placed.map((p) => p.materialId),
    segment_ids: written.placed.map((p) => p.segmentId),
    segment_infos: written.placed.map((p) => ({ id: p.segmentId, start: p.start, end: p.end })),
    ...(all.length ? { warnings: all } : {}),
  };
}
