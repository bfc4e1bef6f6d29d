// Studio projects: a team's timelines (StudioProject rows holding the StudioTimeline as JSON).
// Every teammate sees and edits the same project; saves are a compare-and-set on `version`, so a
// save based on an old version is refused with 409 (the current version, who saved it and when)
// and the client chooses to reload or to overwrite (save again on the version it was told).
// Every saved timeline is normalized (lib/studio/model.ts) and every media ref it brings in is
// checked against the team (lib/library/resolve.ts). Knows nothing of HTTP.
import "server-only";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { resolveMedia } from "@/lib/library/resolve";
import { emptyTimeline, normalizeTimeline } from "@/lib/studio/model";
import type { MediaRef, StudioTimeline } from "@/lib/studio/types";

export type Actor = { userId: string; teamId: string };

const LIST_LIMIT = 200;
const MAX_NAME = 200;

const person = { select: { id: true, name: true } } as const;

export function parseStudioTimeline(json: string): StudioTimeline {
  const t = JSON.parse(json) as Partial<StudioTimeline>;
  return {
    schemaVersion: 1,
    tracks: Array.isArray(t.tracks) ? t.tracks : [],
    clips: Array.isArray(t.clips) ? t.clips : [],
    media: t.media && typeof t.media === "object" ? t.media : {},
  };
}

/** Every media ref a timeline names: its clips' and its media table's. */
export const refsOf = (t: StudioTimeline): MediaRef[] => [
  ...new Set([...t.clips.map((c) => c.media), ...(Object.keys(t.media) as MediaRef[])]),
];

/**
 * Checks the refs that `next` adds over `previous` against the team (404 Media not found). Refs
 * already stored were checked when they came in and cannot change teams; not checking them again
 * keeps autosave cheap and lets a project whose upload was swept still be saved.
 */
async function checkNewRefs(teamId: string, next: StudioTimeline, previous: StudioTimeline | null) {
  const old = new Set(previous ? refsOf(previous) : []);
  for (const ref of refsOf(next)) if (!old.has(ref)) await resolveMedia(teamId, ref);
}

const cleanName = (name: string) => {
  const n = name.trim().slice(0, MAX_NAME);
  if (!n) throw new AppError("bad_request", "Give the project a name", { name: "Give the project a name" });
  return n;
};

type Row = {
  id: string;
  name: string;
  version: number;
  draftId: string | null;
  createdAt: Date;
  updatedAt: Date;
  savedAt: Date;
  savedById: string;
  createdBy: { id: string; name: string };
};

async function savers(ids: string[]) {
  const users = await db.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(users.map((u) => [u.id, u]));
}

const summary = (r: Row, who: Map<string, { id: string; name: string }>) => ({
  id: r.id,
  name: r.name,
  version: r.version,
  draftId: r.draftId,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  savedAt: r.savedAt,
  createdBy: r.createdBy,
  savedBy: who.get(r.savedById) ?? { id: r.savedById, name: "" },
});

export type StudioProjectSummary = ReturnType<typeof summary>;
export type StudioProject = StudioProjectSummary & { timeline: StudioTimeline };

/** The team's projects, most recently changed first (without their timelines). */
export async function listProjects(teamId: string): Promise<StudioProjectSummary[]> {
  const rows = await db.studioProject.findMany({
    where: { teamId },
    orderBy: { updatedAt: "desc" },
    take: LIST_LIMIT,
    select: {
      id: true,
      name: true,
      version: true,
      draftId: true,
      createdAt: true,
      updatedAt: true,
      savedAt: true,
      savedById: true,
      createdBy: person,
    },
  });
  const who = await savers(rows.map((r) => r.savedById));
  return rows.map((r) => summary(r, who));
}

/** One project of the team, with its timeline; another team's is "not found" alike. */
export async function getProject(teamId: string, id: string): Promise<StudioProject> {
  const row = await db.studioProject.findFirst({ where: { id, teamId }, include: { createdBy: person } });
  if (!row) throw notFound("No such Studio project");
  const who = await savers([row.savedById]);
  return { ...summary(row, who), timeline: parseStudioTimeline(row.timeline) };
}

export async function createProject(
  actor: Actor,
  input: { name: string; timeline?: StudioTimeline; draftId?: string | null },
): Promise<StudioProject> {
  const timeline = normalizeTimeline(input.timeline ?? emptyTimeline());
  await checkNewRefs(actor.teamId, timeline, null);
  const row = await db.studioProject.create({
    data: {
      teamId: actor.teamId,
      createdById: actor.userId,
      savedById: actor.userId,
      name: cleanName(input.name),
      timeline: JSON.stringify(timeline),
      draftId: input.draftId ?? null,
    },
  });
  return getProject(actor.teamId, row.id);
}

export async function renameProject(actor: Actor, id: string, name: string): Promise<StudioProject> {
  const { count } = await db.studioProject.updateMany({
    where: { id, teamId: actor.teamId },
    data: { name: cleanName(name) },
  });
  if (count !== 1) throw notFound("No such Studio project");
  return getProject(actor.teamId, id);
}

export async function deleteProject(actor: Actor, id: string): Promise<{ deleted: true }> {
  const { count } = await db.studioProject.deleteMany({ where: { id, teamId: actor.teamId } });
  if (count !== 1) throw notFound("No such Studio project");
  return { deleted: true };
}

/** The 409 a stale save gets: enough for the UI to say who saved and offer reload or overwrite. */
export class StudioVersionConflict extends AppError {
  constructor(current: { version: number; savedBy: { id: string; name: string }; savedAt: Date }) {
    super(
      "conflict",
      `${current.savedBy.name || "A teammate"} saved this project in the meantime (version ${current.version})`,
      undefined,
      {
        extensions: {
          currentVersion: current.version,
          savedBy: current.savedBy,
          savedAt: current.savedAt.toISOString(),
        },
      },
    );
  }
}

/**
 * Saves the timeline if the project is still at `baseVersion`; answers the new version, and the
 * stored timeline when normalizing changed what was sent (so the editor can adopt it). A stale
 * base is a StudioVersionConflict (409) and nothing is written: to overwrite, save again with the
 * version the conflict reported.
 */
export async function saveTimeline(
  actor: Actor,
  id: string,
  input: { timeline: StudioTimeline; baseVersion: number },
): Promise<{ version: number; savedAt: Date; timeline?: StudioTimeline }> {
  const row = await db.studioProject.findFirst({ where: { id, teamId: actor.teamId } });
  if (!row) throw notFound("No such Studio project");
  const timeline = normalizeTimeline(input.timeline);
  await checkNewRefs(actor.teamId, timeline, parseStudioTimeline(row.timeline));
  const savedAt = new Date();
  const { count } = await db.studioProject.updateMany({
    where: { id, teamId: actor.teamId, version: input.baseVersion },
    data: { timeline: JSON.stringify(timeline), version: { increment: 1 }, savedById: actor.userId, savedAt },
  });
  if (count !== 1) {
    const current = await getProject(actor.teamId, id);
    throw new StudioVersionConflict(current);
  }
  return { version: input.baseVersion + 1, savedAt, ...(timeline !== input.timeline ? { timeline } : {}) };
}

/** Remembers the draft a project was loaded from or applied to (not a timeline change: no new version). */
export async function linkDraft(teamId: string, id: string, draftId: string) {
  await db.studioProject.updateMany({ where: { id, teamId }, data: { draftId } });
}
