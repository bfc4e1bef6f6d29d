// Serving a stored file behind a signed, expiring URL (/api/files/<path>?exp=…&sig=…), with Range.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { cleanFileName, contentDisposition } from "@/lib/orders/download-name";
import { contentTypeOf } from "@/lib/storage/content-type";
import { checkFileSignature, resolveData } from "@/lib/storage/files";
import { storage } from "@/lib/storage/store";

/**
 * The name a download is saved under: `?name=` (the order page's `<title> - vocals.mp3`), else the
 * stored file's. The name is not part of the signature: whoever holds the link already has the
 * file, so it only chooses what their own browser calls it; the stored extension is kept so the
 * name cannot pass the file off as another type.
 */
function saveName(url: URL, abs: string): string {
  const ext = path.extname(abs).toLowerCase();
  const asked = cleanFileName(url.searchParams.get("name") ?? "").slice(0, 200);
  if (!asked) return path.basename(abs);
  return asked.toLowerCase().endsWith(ext) ? asked : `${asked.replace(/\.[A-Za-z0-9]{1,5}$/, "")}${ext}`;
}

const text = (status: number, message: string) =>
  new Response(message, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
  });

/**
 * The DATA_DIR-relative path named by the URL, decoded exactly once from the raw path (the
 * framework's params may be decoded already; decoding twice turned `%25ZZ` into a URIError).
 */
function relFromUrl(url: URL, prefix: string): string | null {
  if (!url.pathname.startsWith(prefix)) return null;
  try {
    return url.pathname.slice(prefix.length).split("/").map(decodeURIComponent).join("/");
  } catch {
    return null;
  }
}

export async function serveSignedFile(req: Request, prefix = "/api/files/"): Promise<Response> {
  const url = new URL(req.url);
  const rel = relFromUrl(url, prefix);
  if (!rel) return text(404, "No such file");
  const check = checkFileSignature(rel, url.searchParams.get("exp"), url.searchParams.get("sig"));
  if (check === "expired") return text(403, "This download link has expired; query the order again for a fresh one");
  if (check !== "ok") return text(403, "This download link is not valid");
  if (storage().kind === "s3") return redirectToBucket(url, rel);
  let abs: string;
  let size: number;
  try {
    abs = resolveData(rel);
    const stat = await fs.promises.stat(abs);
    if (!stat.isFile()) return text(404, "The file is no longer available");
    size = stat.size;
  } catch {
    return text(404, "The file is no longer available");
  }
  const headers: Record<string, string> = {
    "content-type": contentTypeOf(abs),
    "x-content-type-options": "nosniff",
    "accept-ranges": "bytes",
    "cache-control": "private, max-age=3600",
    // ?download=1 asks for a download even when the page is on another origin than PUBLIC_BASE_URL.
    "content-disposition": contentDisposition(
      saveName(url, abs),
      url.searchParams.get("download") === "1" ? "attachment" : "inline",
    ),
  };
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.get("range") ?? "");
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end)
      return new Response(null, { status: 416, headers: { "content-range": `bytes */${size}` } });
    const body = Readable.toWeb(fs.createReadStream(abs, { start, end })) as ReadableStream;
    return new Response(body, {
      status: 206,
      headers: {
        ...headers,
        "content-length": String(end - start + 1),
        "content-range": `bytes ${start}-${end}/${size}`,
      },
    });
  }
  const body = Readable.toWeb(fs.createReadStream(abs)) as ReadableStream;
  return new Response(body, { headers: { ...headers, "content-length": String(size) } });
}

/**
 * STORAGE=s3: the bytes come from the bucket, not through this process. The link the app handed out
 * was checked above; the bucket's presigned URL it redirects to is valid for an hour, with the
 * same download name and disposition, and the bucket answers Range requests itself.
 */
async function redirectToBucket(url: URL, rel: string): Promise<Response> {
  const store = storage();
  if (!(await store.stat(rel))) return text(404, "The file is no longer available");
  const location = await store.downloadUrl(rel, {
    filename: saveName(url, rel),
    disposition: url.searchParams.get("download") === "1" ? "attachment" : "inline",
  });
  return new Response(null, { status: 302, headers: { location, "cache-control": "private, no-store" } });
}
