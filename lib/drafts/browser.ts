// What the browser's Drafts pages read: the team's drafts as a list and one draft as a read-only
// timeline. The same data the /v1 routes serve, shaped for the UI (session auth, team-scoped).
import "server-only";
import { db } from "@/lib/db";
import { draftUrlFor } from "@/lib/drafts/draft-url";
import { zipUrl } from "@/lib/drafts/package";
import { parseTimeline, timelineDuration } from "@/lib/drafts/timeline";
import { notFound } from "@/lib/errors";

const LIST_LIMIT = 200;

/** What a person calls the clip: the last path segment of its source URL (the stored file is renamed). */
function displayName(url: string, fallback: string) {
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).at(-1);
    return last ? decodeURIComponent(last) : fallback;
  } catch {
    return fallback;
  }
}

const creator = { select: { id: true, name: true, email: true } } as const;

function summary(draft: {
  id: string;
  name: string | null;
  width: number;
  height: number;
  timeline: string;
  createdAt: Date;
  updatedAt: Date;
  user: { id: string; name: string; email: string };
}) {
  const timeline = parseTimeline(draft.timeline);
  return {
    id: draft.id,
    /** The draft's name; the id when it has none. */
    name: draft.name ?? draft.id,
    width: draft.width,
    height: draft.height,
    createdAt: draft.createdAt.toISOString(),
    updatedAt: draft.updatedAt.toISOString(),
    creator: draft.user,
    trackCount: timeline.tracks.length,
    clipCount: timeline.tracks.reduce((n, t) => n + t.segments.length, 0),
    captionTrackCount: timeline.texts?.length ?? 0,
    captionCount: (timeline.texts ?? []).reduce((n, t) => n + t.segments.length, 0),
    durationUs: timelineDuration(timeline),
    draftUrl: draftUrlFor(draft.id),
  };
}

/** The team's drafts, newest first. */
export async function listTeamDrafts(teamId: string) {
  const rows = await db.draft.findMany({
    where: { teamId },
    orderBy: { createdAt: "desc" },
    take: LIST_LIMIT,
    select: {
      id: true,
      name: true,
      width: true,
      height: true,
      timeline: true,
      createdAt: true,
      updatedAt: true,
      user: creator,
    },
  });
  return rows.map(summary);
}

export async function draftSummary(teamId: string, id: string) {
  const draft = await db.draft.findFirst({
    where: { id, teamId },
    select: {
      id: true,
      name: true,
      width: true,
      height: true,
      timeline: true,
      createdAt: true,
      updatedAt: true,
      user: creator,
    },
  });
  if (!draft) throw notFound("No such draft");
  return summary(draft);
}

/** One draft with every clip resolved to its material, for the timeline view. */
export async function draftForUi(teamId: string, id: string) {
  const draft = await db.draft.findFirst({
    where: { id, teamId },
    include: {
      user: creator,
      materials: { select: { id: true, url: true, fileName: true, displayName: true, durationUs: true } },
    },
  });
  if (!draft) throw notFound("No such draft");
  const materials = new Map(draft.materials.map((m) => [m.id, m]));
  const timeline = parseTimeline(draft.timeline);
  return {
    ...summary(draft),
    zipUrl: zipUrl(draft.id),
    tracks: timeline.tracks.map((t) => ({
      id: t.id,
      clips: t.segments.map((s) => {
        const m = materials.get(s.materialId);
        return {
          id: s.id,
          name: m ? (m.displayName ?? displayName(m.url, m.fileName)) : "",
          fileName: m?.fileName ?? "",
          // A library item's ref (`upload:<id>`) is not a link a person can use: only links are shown.
          sourceUrl: m && /^https?:/i.test(m.url) ? m.url : "",
          sourceDurationUs: m ? Number(m.durationUs) : 0,
          startUs: s.start,
          endUs: s.start + s.duration,
          sourceStartUs: s.sourceStart ?? 0,
          volume: s.volume,
          fadeInUs: s.fadeIn,
          fadeOutUs: s.fadeOut,
        };
      }),
    })),
    /** Caption (text) tracks, a row each under the audio; clips are labelled by their text. */
    captionTracks: (timeline.texts ?? []).map((t) => ({
      id: t.id,
      captions: t.segments.map((s) => ({ id: s.id, text: s.text, startUs: s.start, endUs: s.start + s.duration })),
    })),
  };
}
