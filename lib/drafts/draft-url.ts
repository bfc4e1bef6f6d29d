// Draft ids and the URLs that carry them. Our own form is `<PUBLIC_BASE_URL>/v1/get_draft?draft_id=<id>`;
// the seed document's `…?drafId=<id>` (even after a `#`) is accepted as well.
import "server-only";
import { randomUUID } from "node:crypto";
import { env } from "@/lib/env";

const ID = /^[0-9a-f]{32}$/;

export const newDraftId = () => randomUUID().replace(/-/g, "");

export const draftUrlFor = (id: string) => `${env().PUBLIC_BASE_URL}/v1/get_draft?draft_id=${id}`;

/** The draft id a draft_url names, or null when it names none. */
export function draftIdFromUrl(raw: string): string | null {
  const text = raw.trim();
  if (ID.test(text.toLowerCase())) return text.toLowerCase();
  const m = /(?:^|[?&#])(?:draft_id|drafId)=([^&#\s]+)/.exec(text);
  if (!m) return null;
  let value: string;
  try {
    value = decodeURIComponent(m[1]);
  } catch {
    return null;
  }
  // The seed's example carries a file URL (…/draft/<id>.json): take its last path segment.
  const last = value.split(/[/?#]/).filter(Boolean).at(-1) ?? "";
  const id = (value.includes("/") ? last.replace(/\.json$/i, "") : value).replace(/-/g, "").toLowerCase();
  return ID.test(id) ? id : null;
}
