// Drafts: create, add audio, read and save. Knows nothing of HTTP; errors are DraftError (the
// spec's table) or AppError. The per-draft lock is Draft.version: each write is a compare-and-set
// on it inside one transaction, retried on conflict, so concurrent add_audios calls all land.
import "server-only";
import fs from "node:fs";
import { db, isUniqueViolation } from "@/lib/db";
import type { CreateDraftInput } from "@/lib/contracts/drafts";
import { parseAudioInfos } from "@/lib/drafts/audio-infos";
import { draftIdFromUrl, draftUrlFor, newDraftId } from "@/lib/drafts/draft-url";
import { DraftError } from "@/lib/drafts/errors";
import type { DraftDocument } from "@/lib/drafts/jianying";
import { draftFiles, writeDraftJson } from "@/lib/drafts/package";
import { draftDir, fetchMaterial, mapLimited, urlHash, type NewMaterial } from "@/lib/drafts/materials";
import { addOnNewTracks, emptyTimeline, newId, parseTimeline, type Segment } from "@/lib/drafts/timeline";
import { resolveData } from "@/lib/storage/files";

export type Actor = { userId: string; teamId: string };

const MAX_ATTEMPTS = 200;
const DOWNLOAD_CONCURRENCY = 4;

class VersionConflict extends Error {}

export async function createDraft(actor: Actor, input: CreateDraftInput) {
  const id = newDraftId();
  await db.draft.create({
    data: {
      id,
      userId: actor.userId,
      teamId: actor.teamId,
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

type Known = { id: string; url: string; fileName: string; durationUs: number };

async function knownMaterials(draftId: string, urls: string[]): Promise<Map<string, Known>> {
  const rows = await db.draftMaterial.findMany({ where: { draftId, urlHash: { in: urls.map(urlHash) } } });
  return new Map(
    rows.map((r) => [r.url, { id: r.id, url: r.url, fileName: r.fileName, durationUs: Number(r.durationUs) }]),
  );
}

const removeFiles = (ms: NewMaterial[]) => Promise.all(ms.map((m) => fs.promises.rm(m.absPath, { force: true })));

export type AddAudiosResult = {
  draft_url: string;
  track_id: string;
  track_ids: string[];
  audio_ids: string[];
  warnings?: string[];
};

/**
 * Validates every clip, fetches the URLs the draft does not know yet (once each), then writes all
 * clips on new tracks in one compare-and-set. Any failure leaves the draft as it was.
 */
export async function addAudios(
  actor: Actor,
  draftUrl: string,
  audioInfos: string | unknown[],
): Promise<AddAudiosResult> {
  const clips = parseAudioInfos(audioInfos);
  const draft = await findDraft(actor, draftUrl);
  const urls = [...new Set(clips.map((c) => c.url))];
  let known = await knownMaterials(draft.id, urls);

  const missing = urls.filter((u) => !known.has(u));
  const settled = await mapLimited(missing, DOWNLOAD_CONCURRENCY, (u) => fetchMaterial(draft.id, u));
  let fresh = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) {
    await removeFiles(fresh);
    throw failed.reason;
  }

  for (let attempt = 1; ; attempt++) {
    const current = await db.draft.findUniqueOrThrow({
      where: { id: draft.id },
      select: { version: true, timeline: true },
    });
    const byUrl = new Map<string, Known>([...fresh.map((m) => [m.url, m] as const), ...known]);
    const warnings: string[] = [];
    const segments: Segment[] = clips.map((c, i) => {
      const m = byUrl.get(c.url)!;
      const wanted = c.end - c.start;
      // ffprobe may not know a length (some streams); then trust the client's hint, else the request.
      const source = m.durationUs > 0 ? m.durationUs : (c.durationHint ?? wanted);
      const duration = Math.min(wanted, source);
      if (duration < wanted)
        warnings.push(`audio_infos[${i}]: cut to the audio's measured length, ${duration} µs instead of ${wanted} µs`);
      let { fadeIn, fadeOut } = c;
      if (fadeIn + fadeOut > duration) {
        fadeOut = Math.min(fadeOut, duration);
        fadeIn = Math.min(fadeIn, duration - fadeOut);
        warnings.push(
          `audio_infos[${i}]: fades shortened to ${fadeIn} µs in and ${fadeOut} µs out to fit the cut clip`,
        );
      }
      return {
        id: newId(),
        materialId: m.id,
        start: c.start,
        duration,
        volume: c.volume,
        fadeIn,
        fadeOut,
        speedId: newId(),
        fadeId: fadeIn > 0 || fadeOut > 0 ? newId() : null,
      };
    });
    const timeline = parseTimeline(current.timeline);
    const tracks = addOnNewTracks(timeline, segments);
    const inserts = fresh.filter((m) => !known.has(m.url));
    try {
      await db.$transaction(async (tx) => {
        const { count } = await tx.draft.updateMany({
          where: { id: draft.id, version: current.version },
          data: { version: { increment: 1 }, timeline: JSON.stringify(timeline) },
        });
        if (count !== 1) throw new VersionConflict();
        for (const m of inserts) {
          await tx.draftMaterial.create({
            data: {
              id: m.id,
              draftId: draft.id,
              url: m.url,
              urlHash: m.urlHash,
              fileName: m.fileName,
              durationUs: BigInt(m.durationUs),
            },
          });
        }
      });
    } catch (error) {
      if (!(error instanceof VersionConflict) && !isUniqueViolation(error)) {
        await removeFiles(fresh);
        throw new DraftError("audioFailed", error);
      }
      if (attempt >= MAX_ATTEMPTS) {
        await removeFiles(fresh);
        throw new DraftError("audioFailed", error);
      }
      // Another call may have added one of our URLs meanwhile: use its material, drop our copy.
      const again = await knownMaterials(
        draft.id,
        fresh.map((m) => m.url),
      );
      const duplicates = fresh.filter((m) => again.has(m.url));
      await removeFiles(duplicates);
      fresh = fresh.filter((m) => !again.has(m.url));
      known = new Map([...known, ...again]);
      await new Promise((r) => setTimeout(r, Math.min(50, attempt * 2) * Math.random()));
      continue;
    }
    return {
      draft_url: draftUrl,
      track_id: tracks[0].id,
      track_ids: tracks.map((t) => t.id),
      audio_ids: segments.map((s) => s.id),
      ...(warnings.length ? { warnings } : {}),
    };
  }
}

/** Everything the JianYing writer needs to render a draft. */
export async function draftDocument(id: string): Promise<DraftDocument | null> {
  const draft = await db.draft.findUnique({ where: { id }, include: { materials: { orderBy: { createdAt: "asc" } } } });
  if (!draft) return null;
  return {
    id: draft.id,
    width: draft.width,
    height: draft.height,
    timeline: parseTimeline(draft.timeline),
    materials: draft.materials.map((m) => ({
      id: m.id,
      url: m.url,
      fileName: m.fileName,
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
  const draft = await findDraft(actor, draftRef);
  const doc = await draftDocument(draft.id);
  if (!doc) throw new DraftError("draftNotFound");
  return { draft_url: draftUrlFor(draft.id), draft_id: draft.id, ...(await draftFiles(doc)) };
}

/** save_draft: store the folder choice and write the JSON files; answers the draft_url. */
export async function saveDraftAndWrite(actor: Actor, draftUrl: string, draftFolder: string | undefined) {
  const saved = await saveDraft(actor, draftUrl, draftFolder);
  const doc = await draftDocument(saved.id);
  if (!doc) throw new DraftError("draftNotFound");
  await writeDraftJson(doc);
  return saved.draft_url;
}
