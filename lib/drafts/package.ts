// The draft folder as the user receives it: <draft id>/{draft_content.json, draft_info.json,
// draft_meta_info.json, assets/audio/*}. get_draft lists its files behind signed URLs; the zip
// route streams the same folder.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import yazl from "yazl";
import { draftJsonFiles, AUDIO_DIR, type DraftDocument } from "@/lib/drafts/jianying";
import { draftDir } from "@/lib/drafts/materials";
import { ensureDir, signedFileUrl, signedQuery, URL_TTL_SECONDS } from "@/lib/storage/files";
import { env } from "@/lib/env";
import { isS3, persist } from "@/lib/storage/store";
import { addStoredObject } from "@/lib/storage/zip";

/** Writes the JSON files into DATA_DIR/drafts/<id>/ (atomically, so readers never see half a file). */
export async function writeDraftJson(doc: DraftDocument) {
  const dir = await ensureDir(draftDir(doc.id));
  for (const [name, text] of Object.entries(draftJsonFiles(doc))) {
    const tmp = path.join(
      /* turbopackIgnore: true */ dir,
      `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}`,
    );
    await fs.promises.writeFile(tmp, text);
    await fs.promises.rename(tmp, path.join(/* turbopackIgnore: true */ dir, name));
    // STORAGE=s3: get_draft's file URLs are served by the bucket.
    await persist(`${draftDir(doc.id)}/${name}`);
  }
}

/** Paths inside the draft folder, JSON first, then the media each referenced once. */
export function packagePaths(doc: DraftDocument): string[] {
  return [
    "draft_content.json",
    "draft_info.json",
    "draft_meta_info.json",
    ...doc.materials.map((m) => `${AUDIO_DIR}/${m.fileName}`),
  ];
}

export const zipRel = (id: string) => `${draftDir(id)}/download`;

export function zipUrl(id: string, ttl = URL_TTL_SECONDS) {
  return `${env().PUBLIC_BASE_URL}/api/drafts/${id}/download?${signedQuery(zipRel(id), ttl)}`;
}

/** get_draft's answer: fresh JSON on disk, then a signed URL per file and one for the zip. */
export async function draftFiles(doc: DraftDocument) {
  await writeDraftJson(doc);
  const paths = packagePaths(doc);
  return {
    paths,
    files: paths.map((p) => signedFileUrl(`${draftDir(doc.id)}/${p}`)),
    zip_url: zipUrl(doc.id),
    expires_at: new Date(Date.now() + URL_TTL_SECONDS * 1000).toISOString(),
  };
}

/** A zip of the folder `<id>/`, streamed: JSON deflated, media stored (already compressed). */
export function draftZip(doc: DraftDocument, dataRoot: string): ReadableStream {
  const zip = new yazl.ZipFile();
  const mtime = doc.updatedAt;
  for (const [name, text] of Object.entries(draftJsonFiles(doc)))
    zip.addBuffer(Buffer.from(text), `${doc.id}/${name}`, { mtime });
  for (const m of doc.materials) {
    if (isS3()) {
      addStoredObject(
        zip,
        `${draftDir(doc.id)}/${AUDIO_DIR}/${m.fileName}`,
        `${doc.id}/${AUDIO_DIR}/${m.fileName}`,
        mtime,
      );
      continue;
    }
    zip.addFile(
      path.join(/* turbopackIgnore: true */ dataRoot, AUDIO_DIR, m.fileName),
      `${doc.id}/${AUDIO_DIR}/${m.fileName}`,
      { compress: false, mtime },
    );
  }
  zip.end();
  const out = new PassThrough();
  zip.outputStream.on("error", (e) => out.destroy(e)).pipe(out);
  return Readable.toWeb(out) as ReadableStream;
}
