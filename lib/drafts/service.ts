// Drafts: create, add audio, read and save. Knows nothing of HTTP; errors are DraftError (the
// spec's table) or AppError. Audio is written by lib/drafts/writer.ts (shared with Studio): a
// compare-and-set on Draft.version, retried on conflict, so concurrent add_audios calls all land.
import "server-only";
import { db } from "@/lib/db";
import type { CreateDraftInput } from "@/lib/contracts/drafts";
import { parseAudioInfos } from "@/lib/drafts/audio-infos";
import { draftIdFromUrl, draftUrlFor, newDraftId } from "@/lib/drafts/draft-url";
import { DraftError } from "@/lib/drafts/errors";
import type { DraftDocument } from "@/lib/drafts/jianying";
import { draftFiles, writeDraftJson } from "@/lib/drafts/package";
import { draftDir, fetchMaterial } from "@/lib/drafts/materials";
import { emptyTimeline, parseTimeline } from "@/lib/drafts/timeline";
import { writeDraftClips, type WriteResult } from "@/lib/drafts/writer";
import { AppError } from "@/lib/errors";
import { resolveData } from "@/lib/storage/files";

export type Actor = { userId: string; teamId: string };

export async function createDraft(actor: Actor, input: CreateDraftInput) {
  const id = newDraftId();
  await db.draft.create({
    data: {
      id,
      userId: actor.userId,
      teamId: actor.teamId,
      name: input.name?.trim() || null,
      width: input.width,
      height: input.height,
      timeline: JSON.stringify(emptyTimeline()),
    },
  });
  const draftUrl = draftUrlFor(id);
  return { id, draft_url: draftUrl, tip_url: draftUrl };
}

/** The team's draft a draft_url names; another team's draft is "not found" too. */
export async function findDraft(actor: Pick<Actor, "teamId">, draftUrl: string) {
  const id = draftIdFromUrl(draftUrl);
  const draft = id ? await db.draft.findUnique({ where: { id } }) : null;
  if (!draft || draft.teamId !== actor.teamId) throw new DraftError("draftNotFound");
  return draft;
}

export type AddAudiosResult = {
  draft_url: string;
  track_id: string;
  track_ids: string[];
  audio_ids: string[];
  warnings?: string[];
};

/**
 * Validates every clip, fetches the URLs the draft does not know yet (once each), then writes all
 * clips on new tracks in one compare-and-set (lib/drafts/writer.ts). Any failure leaves the draft as it was.
 */
export async function addAudios(
  actor: Actor,
  draftUrl: string,
  audioInfos: string | unknown[],
): Promise<AddAudiosResult> {
  const clips = parseAudioInfos(audioInfos);
  const draft = await findDraft(actor, draftUrl);
  let written: WriteResult;
  try {
    written = await writeDraftClips(
      draft.id,
      clips.map((c) => ({
        url: c.url,
        start: c.start,
        duration: c.end - c.start,
        sourceStart: c.sourceStart,
        volume: c.volume,
        fadeIn: c.fadeIn,
        fadeOut: c.fadeOut,
        durationHint: c.durationHint,
        lane: 0,
      })),
      {
        replace: false,
        obtain: fetchMaterial,
        beyondSource: () => new DraftError("audioInvalid"),
        current: { version: draft.version, timeline: draft.timeline },
      },
    );
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new DraftError("audioFailed", error);
  }
  return {
    draft_url: draftUrl,
    track_id: written.trackIds[0],
    track_ids: written.trackIds,
    audio_ids: written.segmentIds,
    ...(written.warnings.length ? { warnings: written.warnings } : {}),
  };
}

const withMaterials = { materials: { orderBy: { createdAt: "asc" } } } as const;

/** Everything the JianYing writer needs to render a draft. */
export async function draftDocument(id: string): Promise<DraftDocument | null> {
  const draft = await db.draft.findUnique({ where: { id }, include: withMaterials });
  return draft ? toDocument(draft) : null;
}

type DraftWithMaterials = NonNullable<
  Awaited<ReturnType<typeof db.draft.findUnique<{ where: { id: string }; include: typeof withMaterials }>>>
>;

function toDocument(draft: DraftWithMaterials): DraftDocument {
  return {
    id: draft.id,
    name: draft.name,
    width: draft.width,
    height: draft.height,
    timeline: parseTimeline(draft.timeline),
    materials: draft.materials.map((m) => ({
      id: m.id,
      url: m.url,
      fileName: m.fileName,
      displayName: m.displayName,
      durationUs: Number(m.durationUs),
    })),
    createdAt: draft.createdAt,
    updatedAt: draft.updatedAt,
    draftFolder: draft.draftFolder,
  };
}

/** save_draft: remembers the target folder (absolute paths) or, without one, JianYing's placeholder paths. */
export async function saveDraft(actor: Actor, draftUrl: string, draftFolder: string | undefined) {
  const draft = await findDraft(actor, draftUrl);
  await db.draft.update({ where: { id: draft.id }, data: { draftFolder: draftFolder?.trim() || null } });
  return { id: draft.id, draft_url: draftUrl };
}

export const draftDataDir = (id: string) => resolveData(draftDir(id));

/** get_draft: the draft's signed file list and zip link. */
export async function getDraftFiles(actor: Pick<Actor, "teamId">, draftRef: string) {
  // One read of the draft with its materials (the API's polling call): the team check and the document.
  const id = draftIdFromUrl(draftRef);
  const draft = id ? await db.draft.findUnique({ where: { id }, include: withMaterials }) : null;
  if (!draft || draft.teamId !== actor.teamId) throw new DraftError("draftNotFound");
  return { draft_url: draftUrlFor(draft.id), draft_id: draft.id, ...(await draftFiles(toDocument(draft))) };
}

/** save_draft: store the folder choice and write the JSON files; answers the draft_url. */
export async function saveDraftAndWrite(actor: Actor, draftUrl: string, draftFolder: string | undefined) {
  const saved = await saveDraft(actor, draftUrl, draftFolder);
  const doc = await draftDocument(saved.id);
  if (!doc) throw new DraftError("draftNotFound");
  await writeDraftJson(doc);
  return saved.draft_url;
}
