// Resolving a library MediaRef (lib/studio/types.ts) to a stored file, only within the caller's
// team: another team's ref, a deleted result or a malformed ref is "not found" alike, so a ref
// cannot be used to learn what exists elsewhere. Apply-to-draft, export, peaks and playback all
// go through here.
import "server-only";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { draftDir } from "@/lib/drafts/materials";
import { AUDIO_DIR } from "@/lib/drafts/jianying";
import { resolveData } from "@/lib/storage/files";
import type { MediaRef } from "@/lib/studio/types";

export type MediaKind = "upload" | "file" | "material";

export type ResolvedMedia = {
  ref: MediaRef;
  kind: MediaKind;
  /** DATA_DIR-relative path. */
  rel: string;
  /** Absolute path (inside DATA_DIR). */
  absPath: string;
  /** A readable name (the upload's file name, the result's name, the material's file name). */
  name: string;
};

const REF = /^(upload|file|material):([A-Za-z0-9_-]{1,64})$/;

export function parseMediaRef(raw: string): { kind: MediaKind; id: string } | null {
  const m = REF.exec(raw);
  return m ? { kind: m[1] as MediaKind, id: m[2] } : null;
}

export const isMediaRef = (raw: string): raw is MediaRef => parseMediaRef(raw) !== null;

const missing = () => notFound("Media not found");

async function locate(teamId: string, kind: MediaKind, id: string): Promise<{ rel: string; name: string } | null> {
  if (kind === "upload") {
    const u = await db.upload.findFirst({ where: { id, teamId } });
    return u && { rel: u.path, name: u.filename };
  }
  if (kind === "file") {
    const f = await db.orderFile.findFirst({ where: { id, deletedAt: null, order: { teamId } } });
    return f && { rel: f.path, name: f.name };
  }
  const m = await db.draftMaterial.findFirst({ where: { id, draft: { teamId } } });
  return m && { rel: `${draftDir(m.draftId)}/${AUDIO_DIR}/${m.fileName}`, name: m.fileName };
}

/** The team's media a ref names, or 404 "Media not found". */
export async function resolveMedia(teamId: string, ref: string): Promise<ResolvedMedia> {
  const parsed = parseMediaRef(ref);
  if (!parsed) throw missing();
  const found = await locate(teamId, parsed.kind, parsed.id);
  if (!found) throw missing();
  return { ref: ref as MediaRef, kind: parsed.kind, rel: found.rel, absPath: resolveData(found.rel), name: found.name };
}
