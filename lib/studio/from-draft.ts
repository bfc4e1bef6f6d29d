// Draft → Studio ("Edit in Studio"): a draft's audio tracks as a StudioTimeline whose media are the
// draft's own materials (`material:<id>`). Track and clip ids are the draft's track and segment
// ids, so applying the project back onto the draft in replace mode keeps every id and rewrites the
// draft unchanged when nothing was edited.
import "server-only";
import { db } from "@/lib/db";
import { parseTimeline } from "@/lib/drafts/timeline";
import { notFound } from "@/lib/errors";
import { isMediaRef, resolveMedia } from "@/lib/library/resolve";
import { emptyTimeline } from "@/lib/studio/model";
import { createProject, type Actor, type StudioProject } from "@/lib/studio/service";
import type { MediaRef, StudioClip, StudioMediaInfo, StudioTimeline } from "@/lib/studio/types";

/** What a person calls a material: the library item's name, else the last segment of its URL. */
async function materialName(teamId: string, url: string, fileName: string): Promise<string> {
  if (isMediaRef(url)) {
    try {
      return (await resolveMedia(teamId, url)).name;
    } catch {
      return fileName;
    }
  }
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).at(-1);
    return last ? decodeURIComponent(last) : fileName;
  } catch {
    return fileName;
  }
}

/** The team's draft as a Studio timeline (404 "No such draft" for another team's). */
export async function timelineFromDraft(teamId: string, draftId: string): Promise<StudioTimeline> {
  const draft = await db.draft.findFirst({ where: { id: draftId, teamId }, include: { materials: true } });
  if (!draft) throw notFound("No such draft");
  const drafted = parseTimeline(draft.timeline);
  if (drafted.tracks.length === 0) return emptyTimeline();
  const materials = new Map(draft.materials.map((m) => [m.id, m]));
  // ffprobe could not measure some streams (stored as 0): their clips' furthest source end stands in.
  const furthest = new Map<string, number>();
  for (const s of drafted.tracks.flatMap((t) => t.segments))
    furthest.set(s.materialId, Math.max(furthest.get(s.materialId) ?? 0, (s.sourceStart ?? 0) + s.duration));
  const media: Record<MediaRef, StudioMediaInfo> = {};
  const clips: StudioClip[] = [];
  for (const track of drafted.tracks) {
    for (const s of track.segments) {
      const m = materials.get(s.materialId);
      if (!m) continue;
      const ref: MediaRef = `material:${m.id}`;
      media[ref] ??= {
        name: await materialName(teamId, m.url, m.fileName),
        durationUs: Number(m.durationUs) > 0 ? Number(m.durationUs) : (furthest.get(m.id) ?? s.duration),
      };
      clips.push({
        id: s.id,
        trackId: track.id,
        media: ref,
        start: s.start,
        sourceStart: s.sourceStart ?? 0,
        duration: s.duration,
        volume: s.volume,
        fadeIn: s.fadeIn,
        fadeOut: s.fadeOut,
      });
    }
  }
  return {
    schemaVersion: 1,
    tracks: drafted.tracks.map((t, i) => ({ id: t.id, name: `Track ${i + 1}`, muted: false, solo: false })),
    clips,
    media,
  };
}

/** A new project holding the draft's audio, linked to the draft. */
export async function projectFromDraft(actor: Actor, draftId: string, name?: string): Promise<StudioProject> {
  const timeline = await timelineFromDraft(actor.teamId, draftId);
  return createProject(actor, { name: name?.trim() || `Draft ${draftId.slice(0, 8)}`, timeline, draftId });
}
