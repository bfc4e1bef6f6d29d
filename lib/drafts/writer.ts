// The one writer of a draft's audio: HTTP add_audios and Studio's "Apply to draft" both come here.
// It brings in the materials the draft lacks (fetched or copied by the caller's `obtain`, each once
// per draft), cuts clips to their measured source, then writes every clip in one compare-and-set on
// Draft.version — appended on new tracks, or replacing the draft's audio tracks — retried when
// another writer got there first. Any failure leaves the draft and its folder as they were.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { db, isUniqueViolation } from "@/lib/db";
import { mapLimited, urlHash, type NewMaterial } from "@/lib/drafts/materials";
import { newId, packTracks, parseTimeline, type Segment, type Track } from "@/lib/drafts/timeline";
import { resolveData } from "@/lib/storage/files";
import { isS3, storage } from "@/lib/storage/store";

/** One clip to write. Times are integer µs. */
export type DraftClip = {
  /** The material's identity in the draft: its source URL, or the library ref it was copied from. */
  url: string;
  start: number;
  /** Wanted length; cut to what the source holds after `sourceStart`. */
  duration: number;
  sourceStart: number;
  volume: number;
  fadeIn: number;
  fadeOut: number;
  /** The caller's idea of the source length, used only when ffprobe measured none. */
  durationHint?: number | null;
  /** Clips of one lane share new tracks (as few as their overlaps need); lanes are written in order. */
  lane: number;
  /** Replace mode only: keep this segment id (a clip loaded from the draft keeps its segment). */
  id?: string;
  /** Replace mode only: the track id the clip's lane should keep. */
  trackId?: string;
};

export type WriteOptions = {
  /** Replace every audio track of the draft (in the same compare-and-set) instead of adding tracks. */
  replace: boolean;
  /** Brings a material the draft does not have yet into DATA_DIR/drafts/<id>/assets/audio. */
  obtain: (draftId: string, url: string) => Promise<NewMaterial>;
  /** The error for clip `index` whose in-point is at or past its source's measured end. */
  beyondSource: (index: number) => Error;
  /** How a warning names clip `index` (default `audio_infos[<index>]`). */
  label?: (index: number) => string;
  /** The draft's version and timeline as the caller just read them: the first attempt starts from
   * them instead of reading the row again (a stale copy only costs a retry of the compare-and-set). */
  current?: { version: number; timeline: string };
};

export type WriteResult = { trackIds: string[]; segmentIds: string[]; warnings: string[] };

const MAX_ATTEMPTS = 200;
const OBTAIN_CONCURRENCY = 4;
/** Ids JianYing writes (upper-case UUIDs); only such ids are kept from a caller. */
const JIANYING_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

class VersionConflict extends Error {}

type Known = { id: string; url: string; durationUs: number };

async function knownMaterials(draftId: string, urls: string[]): Promise<Map<string, Known>> {
  if (urls.length === 0) return new Map();
  const rows = await db.draftMaterial.findMany({ where: { draftId, urlHash: { in: urls.map(urlHash) } } });
  return new Map(rows.map((r) => [r.url, { id: r.id, url: r.url, durationUs: Number(r.durationUs) }]));
}

const removeFiles = async (ms: NewMaterial[]) => {
  await Promise.all(ms.map((m) => fs.promises.rm(m.absPath, { force: true })));
  if (isS3())
    await storage().delete(ms.map((m) => path.relative(resolveData("."), m.absPath).split(path.sep).join("/")));
};

/** Clips cut to their sources, with a warning for each change. Pure. */
function segmentsFor(
  clips: DraftClip[],
  byUrl: Map<string, Known>,
  opts: WriteOptions,
  old: Map<string, Segment>,
): { segments: Segment[]; warnings: string[] } {
  const warnings: string[] = [];
  const label = opts.label ?? ((i: number) => `audio_infos[${i}]`);
  const keptIds = new Set<string>();
  const segments = clips.map((c, i): Segment => {
    const m = byUrl.get(c.url)!;
    // ffprobe may not know a length (some streams); then trust the client's hint, else the request.
    const source = m.durationUs > 0 ? m.durationUs : (c.durationHint ?? c.sourceStart + c.duration);
    const available = source - c.sourceStart;
    if (available <= 0) throw opts.beyondSource(i);
    const duration = Math.min(c.duration, available);
    if (duration < c.duration)
      warnings.push(`${label(i)}: cut to the audio's measured length, ${duration} µs instead of ${c.duration} µs`);
    let { fadeIn, fadeOut } = c;
    if (fadeIn + fadeOut > duration) {
      fadeOut = Math.min(fadeOut, duration);
      fadeIn = Math.min(fadeIn, duration - fadeOut);
      warnings.push(`${label(i)}: fades shortened to ${fadeIn} µs in and ${fadeOut} µs out to fit the cut clip`);
    }
    const keep = opts.replace && c.id && JIANYING_ID.test(c.id) && !keptIds.has(c.id) ? c.id : null;
    if (keep) keptIds.add(keep);
    const before = keep ? old.get(keep) : undefined;
    const faded = fadeIn > 0 || fadeOut > 0;
    return {
      id: keep ?? newId(),
      materialId: m.id,
      start: c.start,
      duration,
      sourceStart: c.sourceStart,
      volume: c.volume,
      fadeIn,
      fadeOut,
      speedId: before?.speedId ?? newId(),
      fadeId: faded ? (before?.fadeId ?? newId()) : null,
    };
  });
  return { segments, warnings };
}

/** New tracks for the segments: lane by lane, each lane packed onto as few tracks as its overlaps need. */
function tracksFor(clips: DraftClip[], segments: Segment[], replace: boolean): Track[] {
  const lanes = [...new Set(clips.map((c) => c.lane))].sort((a, b) => a - b);
  const tracks: Track[] = [];
  const usedIds = new Set<string>();
  for (const lane of lanes) {
    const members = segments.filter((_, i) => clips[i].lane === lane);
    const { trackOf, trackCount } = packTracks(members);
    const wanted = clips.find((c) => c.lane === lane)?.trackId;
    const laneTracks = Array.from({ length: trackCount }, (_, k): Track => {
      const keep = replace && k === 0 && wanted && JIANYING_ID.test(wanted) && !usedIds.has(wanted);
      const id = keep ? wanted : newId();
      usedIds.add(id);
      return { id, segments: [] };
    });
    members.forEach((s, i) => laneTracks[trackOf[i]].segments.push(s));
    for (const t of laneTracks) t.segments.sort((a, b) => a.start - b.start);
    tracks.push(...laneTracks);
  }
  return tracks;
}

/** Writes `clips` into the draft (see the file comment). The draft must exist and be the caller's. */
export async function writeDraftClips(draftId: string, clips: DraftClip[], opts: WriteOptions): Promise<WriteResult> {
  const urls = [...new Set(clips.map((c) => c.url))];
  let known = await knownMaterials(draftId, urls);

  const missing = urls.filter((u) => !known.has(u));
  const settled = await mapLimited(missing, OBTAIN_CONCURRENCY, (u) => opts.obtain(draftId, u));
  let fresh = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) {
    await removeFiles(fresh);
    throw failed.reason;
  }

  for (let attempt = 1; ; attempt++) {
    const current =
      attempt === 1 && opts.current
        ? opts.current
        : await db.draft.findUniqueOrThrow({ where: { id: draftId }, select: { version: true, timeline: true } });
    const timeline = parseTimeline(current.timeline);
    const old = new Map(timeline.tracks.flatMap((t) => t.segments.map((s) => [s.id, s] as const)));
    const byUrl = new Map<string, Known>([...fresh.map((m) => [m.url, m] as const), ...known]);
    let planned: { segments: Segment[]; warnings: string[] };
    try {
      planned = segmentsFor(clips, byUrl, opts, old);
    } catch (error) {
      await removeFiles(fresh);
      throw error;
    }
    const tracks = tracksFor(clips, planned.segments, opts.replace);
    timeline.tracks = opts.replace ? tracks : [...timeline.tracks, ...tracks];
    const inserts = fresh.filter((m) => !known.has(m.url));
    try {
      await db.$transaction(
        async (tx) => {
          const { count } = await tx.draft.updateMany({
            where: { id: draftId, version: current.version },
            data: { version: { increment: 1 }, timeline: JSON.stringify(timeline) },
          });
          if (count !== 1) throw new VersionConflict();
          for (const m of inserts) {
            await tx.draftMaterial.create({
              data: {
                id: m.id,
                draftId,
                url: m.url,
                urlHash: m.urlHash,
                fileName: m.fileName,
                displayName: m.displayName ?? null,
                durationUs: BigInt(m.durationUs),
              },
            });
          }
          // Prisma's defaults (2 s to get a connection, 5 s to finish) are too short for ten writers
          // of one draft on a busy machine; a timeout here would be a 500, not a retry.
        },
        { maxWait: 30_000, timeout: 30_000 },
      );
    } catch (error) {
      if ((!(error instanceof VersionConflict) && !isUniqueViolation(error)) || attempt >= MAX_ATTEMPTS) {
        await removeFiles(fresh);
        throw error;
      }
      // Another call may have added one of our URLs meanwhile: use its material, drop our copy.
      const again = await knownMaterials(
        draftId,
        fresh.map((m) => m.url),
      );
      await removeFiles(fresh.filter((m) => again.has(m.url)));
      fresh = fresh.filter((m) => !again.has(m.url));
      known = new Map([...known, ...again]);
      await new Promise((r) => setTimeout(r, Math.min(50, attempt * 2) * Math.random()));
      continue;
    }
    return {
      trackIds: tracks.map((t) => t.id),
      segmentIds: planned.segments.map((s) => s.id),
      warnings: planned.warnings,
    };
  }
}
