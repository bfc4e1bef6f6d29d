// Caption tracks beside a Studio project, read-only: the text tracks (add_captions, "Send to a
// draft") of the draft the project was loaded from or last applied to. They are not part of the
// editable StudioTimeline: Studio edits audio only, and applying in replace mode swaps the draft's
// audio tracks while its caption tracks stay as they are (lib/drafts/writer.ts never touches them).
import "server-only";
import { db } from "@/lib/db";
import { parseTimeline } from "@/lib/drafts/timeline";
import { getProject, type StudioProject } from "@/lib/studio/service";

export type CaptionCue = { id: string; start: number; duration: number; text: string };
export type CaptionTrackView = { id: string; cues: CaptionCue[] };

/** The caption tracks of the team's draft, in draft order (none for a missing or another team's draft). */
export async function draftCaptions(teamId: string, draftId: string | null): Promise<CaptionTrackView[]> {
  if (!draftId) return [];
  const draft = await db.draft.findFirst({ where: { id: draftId, teamId }, select: { timeline: true } });
  if (!draft) return [];
  return (parseTimeline(draft.timeline).texts ?? []).map((t) => ({
    id: t.id,
    cues: t.segments.map((s) => ({ id: s.id, start: s.start, duration: s.duration, text: s.text })),
  }));
}

/** One project as the editor opens it: the project plus its draft's caption tracks (read-only). */
export async function projectForEditor(
  teamId: string,
  id: string,
): Promise<StudioProject & { captions: CaptionTrackView[] }> {
  const project = await getProject(teamId, id);
  return { ...project, captions: await draftCaptions(teamId, project.draftId) };
}
