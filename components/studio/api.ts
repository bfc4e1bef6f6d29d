// Client side of the Studio routes (/api/studio/…); the library (/api/library) is read through the
// shared hooks in components/library/use-library.ts. The shapes follow STUDIO.md; the readers are lenient about envelopes ({projects}/{items}/bare arrays) so
// the editor does not break on a wrapper change.
import { ApiError, getJson, sendJson } from "@/components/data/api";
import type { AudioInfo, StudioTimeline } from "@/lib/studio/types";

export type StudioProjectSummary = {
  id: string;
  name: string;
  version: number;
  draftId?: string | null;
  updatedAt: string;
  clipCount?: number;
};
/** A draft's caption track, shown read-only beside the timeline (lib/studio/captions.ts). */
export type CaptionTrackView = { id: string; cues: { id: string; start: number; duration: number; text: string }[] };
export type StudioProject = StudioProjectSummary & {
  timeline: StudioTimeline | string;
  /** The caption tracks of the project's draft (GET only; not part of the editable timeline). */
  captions?: CaptionTrackView[];
};

const pick = <T>(body: unknown, ...keys: string[]): T => {
  if (Array.isArray(body)) return body as T;
  for (const k of keys) {
    const v = (body as Record<string, unknown> | null)?.[k];
    if (v !== undefined) return v as T;
  }
  return body as T;
};

export const studioKeys = {
  projects: () => ["studio", "projects"] as const,
  project: (id: string) => ["studio", "projects", id] as const,
};

export async function listProjects(signal?: AbortSignal) {
  return pick<StudioProjectSummary[]>(await getJson("/api/studio/projects", signal), "projects", "items");
}

export function parseTimeline(p: StudioProject): StudioTimeline {
  return typeof p.timeline === "string" ? (JSON.parse(p.timeline) as StudioTimeline) : p.timeline;
}

export async function getProject(id: string, signal?: AbortSignal) {
  return pick<StudioProject>(await getJson(`/api/studio/projects/${encodeURIComponent(id)}`, signal), "project");
}

export async function createProject(body: { name: string; timeline?: StudioTimeline }) {
  return pick<StudioProject>(await sendJson("POST", "/api/studio/projects", body), "project");
}

export const renameProject = (id: string, name: string) =>
  sendJson("PATCH", `/api/studio/projects/${encodeURIComponent(id)}`, { name });
export const deleteProject = (id: string) => sendJson("DELETE", `/api/studio/projects/${encodeURIComponent(id)}`);

export async function projectFromDraft(draftId: string) {
  return pick<StudioProject>(await sendJson("POST", "/api/studio/from-draft", { draftId }), "project");
}

export type SaveConflict = { version: number | null; savedBy: string | null; savedAt: string | null };
export class ConflictError extends Error {
  constructor(readonly conflict: SaveConflict) {
    super("conflict");
  }
}

/** PUT with the version check; a 409 carries the server's current version (field names vary). */
/** Browsers refuse a keepalive request whose body passes 64 KiB: a larger one is sent plainly. */
const KEEPALIVE_MAX_BYTES = 60_000;

export async function saveTimeline(
  id: string,
  timeline: StudioTimeline,
  baseVersion: number,
  opts: { keepalive?: boolean } = {},
) {
  const payload = JSON.stringify({ timeline, baseVersion });
  const res = await fetch(`/api/studio/projects/${encodeURIComponent(id)}/timeline`, {
    method: "PUT",
    headers: { "content-type": "application/json", accept: "application/json" },
    credentials: "same-origin",
    body: payload,
    // A save started as the page goes away must outlive it.
    keepalive: Boolean(opts.keepalive) && payload.length <= KEEPALIVE_MAX_BYTES,
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.status === 409) {
    const cur = (body.current ?? body) as Record<string, unknown>;
    const by = cur.savedBy ?? cur.updatedBy;
    throw new ConflictError({
      version: Number(cur.version ?? cur.currentVersion ?? Number.NaN) || null,
      savedBy: typeof by === "string" ? by : ((by as { name?: string } | undefined)?.name ?? null),
      savedAt: (cur.savedAt ?? cur.updatedAt ?? null) as string | null,
    });
  }
  if (!res.ok) throw new ApiError(res.status, String(body.detail ?? body.title ?? res.statusText));
  const p = pick<{ version: number }>(body, "project");
  return { version: Number(p.version ?? baseVersion + 1) };
}

export type ApplyTarget = { draftId: string } | { newDraft: { width: number; height: number } };
export async function applyToDraft(id: string, target: ApplyTarget, mode: "replace" | "append") {
  const body = await sendJson<Record<string, unknown>>("POST", `/api/studio/projects/${encodeURIComponent(id)}/apply`, {
    ...target,
    mode,
  });
  const draft = (body.draft ?? body) as { draftId?: string; id?: string };
  return { draftId: String(body.draftId ?? draft.draftId ?? draft.id ?? "") };
}

export async function audioInfos(id: string, signal?: AbortSignal) {
  const body = await getJson<Record<string, unknown>>(
    `/api/studio/projects/${encodeURIComponent(id)}/audio-infos`,
    signal,
  );
  return {
    infos: pick<AudioInfo[]>(body, "audio_infos", "audioInfos"),
    draftUrl: (body.draft_url ?? null) as string | null,
  };
}

export async function startExport(id: string, format: "wav" | "mp3") {
  return sendJson<{ orderNo: string }>("POST", `/api/studio/projects/${encodeURIComponent(id)}/export`, { format });
}

/** Signed links name the public origin; the browser reads from the one it is on. */
export const sameOrigin = (url: string) => {
  try {
    const u = new URL(url, "http://x");
    return `${u.pathname}${u.search}`;
  } catch {
    return url;
  }
};
