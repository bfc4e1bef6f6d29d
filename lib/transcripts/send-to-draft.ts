// "Send to a draft" from the order page: the latest transcript becomes a caption track of one of
// the team's drafts, through the same writer as add_captions. Aligned to a clip, a caption at t
// seconds of the source lands where the clip plays t (clip start + t − the clip's in-point), and
// only what the clip plays is sent (cut at its edges); otherwise everything shifts by an offset.
import "server-only";
import { db } from "@/lib/db";
import { parseCaptions, parseStyle } from "@/lib/drafts/caption-infos";
import { writeCaptionTrack } from "@/lib/drafts/captions";
import { parseTimeline } from "@/lib/drafts/timeline";
import { badRequest, notFound } from "@/lib/errors";
import type { SendToDraftInput } from "@/lib/contracts/transcripts";
import { latestSegments, type Actor } from "@/lib/transcripts/service";

export const NOTHING_IN_CLIP = "No part of the transcript falls inside that clip";

const us = (sec: number) => Math.round(sec * 1_000_000);

export async function sendTranscriptToDraft(actor: Actor, orderNo: string, input: SendToDraftInput) {
  const { transcript, version } = await latestSegments(actor, orderNo);
  const draft = await db.draft.findFirst({ where: { id: input.draftId, teamId: actor.teamId } });
  if (!draft) throw notFound("No such draft");

  let window = { from: 0, to: Number.POSITIVE_INFINITY, shift: input.offsetUs ?? 0 };
  if (input.clipId) {
    const clip = parseTimeline(draft.timeline)
      .tracks.flatMap((t) => t.segments)
      .find((s) => s.id === input.clipId);
    if (!clip) throw notFound("No such clip in the draft");
    const inPoint = clip.sourceStart ?? 0;
    window = { from: inPoint, to: inPoint + clip.duration, shift: clip.start - inPoint };
  }
  const captions = transcript.segments.flatMap((s) => {
    const start = Math.max(us(s.start), window.from);
    const end = Math.min(us(s.end), window.to);
    return end > start ? [{ start: start + window.shift, end: end + window.shift, text: s.text }] : [];
  });
  if (captions.length === 0) throw badRequest(NOTHING_IN_CLIP);

  const { cues, warnings } = parseCaptions(captions);
  const { style, warnings: styleWarnings } = parseStyle(input.style);
  const written = await writeCaptionTrack(draft.id, cues, style);
  return {
    draftId: draft.id,
    trackId: written.trackId,
    version,
    count: cues.length,
    startUs: cues[0].start,
    endUs: cues[cues.length - 1].end,
    warnings: [...warnings, ...styleWarnings],
  };
}
