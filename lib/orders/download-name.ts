// The one rule for naming an order's work and its downloads: `<title> - vocals.mp3`. Pure (no
// server-only) so the order page, the zip of all stems and the file server agree on one name.

/** What names an order: its title, else its public number. */
export type NamedOrder = { title?: string | null; orderNo: string };
/** A result file: its stored name (`vocals.mp3`, `transcript.srt`). */
export type NamedFile = { name: string };

const MAX_TITLE = 120;

/** Characters no file system or Content-Disposition header should see, collapsed whitespace. */
export function cleanFileName(raw: string): string {
  return (
    raw
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f"\\/:*?<>|]+/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^\.+/, "")
  );
}

const withoutExt = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, "");
const extOf = (name: string) => /\.[A-Za-z0-9]{1,5}$/.exec(name)?.[0].toLowerCase() ?? "";

/** An order's display title: the stored title, else the order number. */
export function orderTitle(order: NamedOrder): string {
  return cleanFileName(order.title ?? "").slice(0, MAX_TITLE) || order.orderNo;
}

/** The download name of one result of an order: `<title> - <result>.<ext>`. */
export function downloadName(order: NamedOrder, file: NamedFile): string {
  const part = cleanFileName(withoutExt(file.name)) || "result";
  return `${orderTitle(order)} - ${part}${extOf(file.name)}`;
}

/**
 * The title an order gets when none is given: the uploaded file's name, else the link's file name
 * (without extension). `uploadName` is the Upload row's file name when pathKey is `upload:<id>`
 * (short-video saves are named after the video's title). null when nothing readable is found.
 */
export function titleFromSource(pathKey: string, uploadName?: string | null): string | null {
  if (uploadName) return cleanFileName(withoutExt(uploadName)).slice(0, MAX_TITLE) || null;
  try {
    const url = new URL(pathKey);
    const last = url.pathname.split("/").filter(Boolean).at(-1) ?? "";
    let base = last;
    try {
      base = decodeURIComponent(last);
    } catch {
      /* keep the raw segment */
    }
    return cleanFileName(withoutExt(base)).slice(0, MAX_TITLE) || null;
  } catch {
    return null;
  }
}

/** Content-Disposition for a name that may not be ASCII: an ASCII fallback and RFC 5987 filename*. */
export function contentDisposition(name: string, type: "attachment" | "inline" = "attachment"): string {
  const clean = cleanFileName(name) || "download";
  const ascii = clean.replace(/[^\x20-\x7e]/g, "_").replace(/%/g, "_");
  if (ascii === clean) return `${type}; filename="${clean}"`;
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
