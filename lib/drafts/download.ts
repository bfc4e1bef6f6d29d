// The draft folder as a zip behind get_draft's signed, expiring URL.
import "server-only";
import { zipRel, draftZip } from "@/lib/drafts/package";
import { draftDataDir, draftDocument } from "@/lib/drafts/service";
import { checkFileSignature } from "@/lib/storage/files";

const text = (status: number, message: string) =>
  new Response(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
  });

export async function draftZipResponse(id: string, url: URL): Promise<Response> {
  if (!/^[0-9a-f]{32}$/.test(id)) return text(404, "No such draft");
  const check = checkFileSignature(zipRel(id), url.searchParams.get("exp"), url.searchParams.get("sig"));
  if (check === "expired") return text(403, "This download link has expired; call get_draft again for a fresh one");
  if (check !== "ok") return text(403, "This download link is not valid");
  const doc = await draftDocument(id);
  if (!doc) return text(404, "No such draft");
  return new Response(draftZip(doc, draftDataDir(id)), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${id}.zip"`,
      "cache-control": "private, no-store",
    },
  });
}
