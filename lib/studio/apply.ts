// "Apply to draft": writes a project's audible clips into a new or existing draft through the
// drafts writer that HTTP add_audios uses (lib/drafts/writer.ts), so both make the same segments.
// One draft track per audible Studio track (in order); replace swaps the draft's audio tracks in
// the same compare-and-set, append adds tracks. Library media are hard-linked or copied from
// DATA_DIR into the draft, never fetched over HTTP, and every ref is team-checked before anything
// is written: another team's media is 404 "Media not found" and the draft stays as it was.
import "server-only";
import fs from "node:fs";
import { db } from "@/lib/db";
import { createDraft } from "@/lib/drafts/service";
import { draftUrlFor } from "@/lib/drafts/draft-url";
import { draftDir, importMaterial } from "@/lib/drafts/materials";
import { writeDraftClips, type DraftClip } from "@/lib/drafts/writer";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { resolveMedia } from "@/lib/library/resolve";
import { MediaError } from "@/lib/media/ffmpeg";
import { resolveData } from "@/lib/storage/files";
import { materialise, removeStoredDir } from "@/lib/storage/store";
import { audibleClips } from "@/lib/studio/model";
import { getProject, linkDraft, type Actor } from "@/lib/studio/service";
import type { AudibleClip, MediaRef } from "@/lib/studio/types";

export type ApplyTarget = { draftId: string } | { newDraft: { width: number; height: number } };
export type ApplyMode = "replace" | "append";

export type ApplyResult = {
  draftId: string;
  draftUrl: string;
  trackIds: string[];
  audioIds: string[];
  warnings: string[];
};

type Source = { ref: MediaRef; name: string; absPath: string; url: string };

/**
 * Each ref's file and its identity in a draft: a library item is known by its ref; a draft
 * material by the URL it came from, so applying a project loaded from a draft back onto that draft
 * reuses the draft's own materials instead of copying them again.
 */
async function sources(teamId: string, refs: MediaRef[]): Promise<Map<MediaRef, Source>> {
  const out = new Map<MediaRef, Source>();
  for (const ref of refs) {
    const media = await resolveMedia(teamId, ref);
    let url: string = ref;
    if (media.kind === "material") {
      const m = await db.draftMaterial.findUnique({ where: { id: ref.slice("material:".length) } });
      if (!m) throw notFound("Media not found");
      url = m.url;
    }
    out.set(ref, { ref, name: media.name, absPath: await materialise(media.rel), url });
  }
  return out;
}

const seconds = (us: number) => `${(us / 1_000_000).toFixed(2)} s`;

function clipsFor(
  clips: AudibleClip[],
  bySource: Map<MediaRef, Source>,
  trackIds: string[],
  hints: Record<string, { durationUs: number } | undefined>,
): DraftClip[] {
  return clips.map((c) => ({
    url: bySource.get(c.media)!.url,
    start: c.start,
    duration: c.duration,
    sourceStart: c.sourceStart,
    volume: c.volume,
    fadeIn: c.fadeIn,
    fadeOut: c.fadeOut,
    durationHint: hints[c.media]?.durationUs ?? null,
    lane: c.trackIndex,
    id: c.id,
    trackId: trackIds[c.trackIndex],
  }));
}

async function targetDraft(actor: Actor, target: ApplyTarget): Promise<{ id: string; created: boolean }> {
  if ("draftId" in target) {
    const draft = await db.draft.findFirst({
      where: { id: target.draftId, teamId: actor.teamId },
      select: { id: true },
    });
    if (!draft) throw notFound("No such draft");
    return { id: draft.id, created: false };
  }
  const { id } = await createDraft(actor, target.newDraft);
  return { id, created: true };
}

/** Writes the project's audible clips into the draft (see the file comment). */
export async function applyToDraft(
  actor: Actor,
  projectId: string,
  target: ApplyTarget,
  mode: ApplyMode,
): Promise<ApplyResult> {
  const project = await getProject(actor.teamId, projectId);
  const timeline = project.timeline;
  const audible = audibleClips(timeline);
  const bySource = await sources(actor.teamId, [...new Set(audible.map((c) => c.media))]);
  const byUrl = new Map([...bySource.values()].map((s) => [s.url, s]));
  const draft = await targetDraft(actor, target);

  const obtain = async (draftId: string, url: string) => {
    const source = byUrl.get(url)!;
    try {
      return await importMaterial(draftId, url, source.absPath, source.name);
    } catch (error) {
      if (error instanceof MediaError && error.kind !== "failed")
        throw new AppError("bad_request", `"${source.name}" holds no audio that can be placed in a draft`, undefined, {
          cause: error,
        });
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw notFound("Media not found");
      throw error;
    }
  };
  const clips = clipsFor(
    audible,
    bySource,
    timeline.tracks.map((t) => t.id),
    timeline.media,
  );
  try {
    const written = await writeDraftClips(draft.id, clips, {
      replace: mode === "replace",
      obtain,
      label: (i) => `the clip at ${seconds(audible[i].start)} on "${timeline.tracks[audible[i].trackIndex]?.name}"`,
      beyondSource: (i) =>
        badRequest(
          `The clip at ${seconds(audible[i].start)} starts past the end of "${bySource.get(audible[i].media)!.name}"`,
        ),
    });
    await linkDraft(actor.teamId, projectId, draft.id);
    return {
      draftId: draft.id,
      draftUrl: draftUrlFor(draft.id),
      trackIds: written.trackIds,
      audioIds: written.segmentIds,
      warnings: written.warnings,
    };
  } catch (error) {
    if (draft.created) {
      await db.draft.deleteMany({ where: { id: draft.id } });
      await fs.promises.rm(resolveData(draftDir(draft.id)), { recursive: true, force: true });
      await removeStoredDir(draftDir(draft.id));
    }
    throw error;
  }
}
